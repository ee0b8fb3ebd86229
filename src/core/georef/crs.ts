// Coordinate reference systems of the images we read and the transformers between them. GeoKeys
// become a proj4 definition through geotiff-geokeys-to-proj4 (which covers EPSG codes and
// user-defined CRSs); proj4js does the maths.
import geokeysToProj4 from 'geotiff-geokeys-to-proj4';
import proj4 from 'proj4';

export interface Crs {
  /** EPSG code of the whole CRS, or null for a user-defined one. */
  readonly epsg: number | null;
  readonly proj4: string;
  /**
   * OGC WKT 1 of the CRS. Null as read from GeoKeys: proj4js cannot write WKT; for an EPSG code
   * crsWithRegistryEntry (epsg-registry.ts) fills it, and the name, from the EPSG registry.
   */
  readonly wkt: string | null;
  readonly name: string;
  readonly isGeographic: boolean;
  /**
   * Factors from the file's coordinate units to proj4's (metres or degrees), for CRSs in feet or
   * other units; [1, 1] otherwise.
   */
  readonly unitScale: readonly [number, number];
}

export type CrsLike = Crs | 'EPSG:4326' | 'EPSG:3857';

const USER_DEFINED = 32767;

const wellKnownNames: Record<number, string> = {
  4326: 'WGS 84',
  4269: 'NAD83',
  4267: 'NAD27',
  4258: 'ETRS89',
  3857: 'WGS 84 / Pseudo-Mercator',
};

/** A name without the registry, until crsWithRegistryEntry gives the registry's. */
function epsgName(code: number): string {
  if (wellKnownNames[code]) return wellKnownNames[code];
  if (code > 32600 && code <= 32660) return `WGS 84 / UTM zone ${code - 32600}N`;
  if (code > 32700 && code <= 32760) return `WGS 84 / UTM zone ${code - 32700}S`;
  return `EPSG:${code}`;
}

/** The CRS described by a file's GeoKeys, or null when it has none or proj4 cannot express it. */
export function crsFromGeoKeys(geoKeys: Record<string, unknown>): Crs | null {
  const modelType = geoKeys.GTModelTypeGeoKey;
  const projected = geoKeys.ProjectedCSTypeGeoKey;
  const geographic = geoKeys.GeographicTypeGeoKey;
  if (modelType === undefined && projected === undefined && geographic === undefined) return null;
  let parameters: ReturnType<typeof geokeysToProj4.toProj4>;
  try {
    parameters = geokeysToProj4.toProj4(
      geoKeys as unknown as Parameters<typeof geokeysToProj4.toProj4>[0],
    );
  } catch {
    return null;
  }
  if (!parameters.proj4 || parameters.errors.CRSNotSupported) return null;
  try {
    proj4(parameters.proj4, 'EPSG:4326', [0, 0]);
  } catch {
    return null;
  }
  const isGeographic = parameters.isGCS;
  const codeKey = isGeographic ? geographic : projected;
  const epsg =
    typeof codeKey === 'number' && codeKey !== USER_DEFINED && codeKey > 0 ? codeKey : null;
  const citation = [
    geoKeys.PCSCitationGeoKey,
    geoKeys.GTCitationGeoKey,
    geoKeys.GeogCitationGeoKey,
  ].find((c): c is string => typeof c === 'string' && c.trim() !== '');
  const name = epsg !== null ? epsgName(epsg) : (citation?.trim() ?? 'user-defined');
  const scaleX =
    parameters['coordinatesConversionParameters.x'] ??
    parameters.coordinatesConversionParameters?.x;
  const scaleY =
    parameters['coordinatesConversionParameters.y'] ??
    parameters.coordinatesConversionParameters?.y;
  return {
    epsg,
    proj4: parameters.proj4,
    wkt: null,
    name,
    isGeographic,
    unitScale: [Number.isFinite(scaleX) ? scaleX : 1, Number.isFinite(scaleY) ? scaleY : 1],
  };
}

type XY = [number, number];

export interface CrsTransformer {
  forward(point: readonly [number, number]): XY;
  inverse(point: readonly [number, number]): XY;
}

function definition(crs: CrsLike): { proj4: string; unitScale: readonly [number, number] } {
  if (crs === 'EPSG:4326') return { proj4: 'EPSG:4326', unitScale: [1, 1] };
  if (crs === 'EPSG:3857') return { proj4: 'EPSG:3857', unitScale: [1, 1] };
  return crs;
}

/** Transforms points between two CRSs, honouring each one's coordinate units. */
export function crsTransformer(from: CrsLike, to: CrsLike): CrsTransformer {
  const source = definition(from);
  const target = definition(to);
  const converter = proj4(source.proj4, target.proj4);
  const [sx, sy] = source.unitScale;
  const [tx, ty] = target.unitScale;
  return {
    forward: ([x, y]) => {
      const [u, v] = converter.forward([x * sx, y * sy]);
      return [u / tx, v / ty];
    },
    inverse: ([x, y]) => {
      const [u, v] = converter.inverse([x * tx, y * ty]);
      return [u / sx, v / sy];
    },
  };
}
