// Reading footprint outlines from untrusted GeoJSON (a file, or KML converted to GeoJSON): each
// feature must be one measurable lon/lat Polygon. Problems name the feature, so a user can find it.
import type { Problem, Validated } from './problems.ts';
import { formatPath } from './problems.ts';
import { footprintGeometrySchema, type FootprintGeometry } from './footprint.ts';

export interface FootprintFeature {
  /** Position in the file's feature list, from 0. */
  readonly index: number;
  /** The feature's `id`, or its `properties.id`, as text; null when it has neither. */
  readonly id: string | null;
  /** `properties.label`, `name` or `title`; "" when it has none. */
  readonly label: string;
  readonly geometry: FootprintGeometry;
  readonly properties: Readonly<Record<string, unknown>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asText = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

/** How a message refers to a feature: `feature 3 "new assembly building" (id fp-7)`. */
export function featureName(index: number, id: string | null, label: string): string {
  const shownLabel = label.length > 60 ? `${label.slice(0, 57)}…` : label;
  return [
    `feature ${index + 1}`,
    shownLabel && JSON.stringify(shownLabel),
    id !== null && `(id ${JSON.stringify(id)})`,
  ]
    .filter(Boolean)
    .join(' ');
}

function featureList(input: unknown): { features: unknown[] } | { problems: Problem[] } {
  if (!isRecord(input))
    return { problems: [{ path: '', message: 'GeoJSON must be a JSON object' }] };
  if (input.type === 'FeatureCollection') {
    return Array.isArray(input.features)
      ? { features: input.features }
      : {
          problems: [{ path: 'features', message: 'a FeatureCollection needs a "features" array' }],
        };
  }
  if (input.type === 'Feature') return { features: [input] };
  return {
    problems: [
      {
        path: 'type',
        message: `expected a GeoJSON FeatureCollection or Feature, not ${JSON.stringify(input.type ?? null)}`,
      },
    ],
  };
}

/**
 * GeoJSON of 2008 could name its CRS; RFC 7946 removed the member and fixed WGS 84 lon/lat. A file
 * that still names a CRS other than WGS 84 is in projected coordinates: say so before anything else.
 */
function crsProblem(input: unknown): Problem | null {
  if (!isRecord(input) || !isRecord(input.crs)) return null;
  const name = isRecord(input.crs.properties) ? asText(input.crs.properties.name) : null;
  if (name === null || /CRS:?84$|EPSG:*4326$/i.test(name)) return null;
  return {
    path: 'crs',
    message: `the file declares the CRS "${name}"; GeoJSON (RFC 7946) footprints must be WGS 84 longitude/latitude — reproject it (e.g. ogr2ogr -t_srs EPSG:4326)`,
  };
}

/** A single-part MultiPolygon is taken as its Polygon; anything else is reported. */
function polygonOf(geometry: unknown): { geometry: unknown } | { message: string } {
  if (!isRecord(geometry)) return { message: 'has no geometry' };
  if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) {
    return geometry.coordinates.length === 1
      ? { geometry: { type: 'Polygon', coordinates: geometry.coordinates[0] } }
      : {
          message: `is a MultiPolygon of ${geometry.coordinates.length} parts; a footprint is one Polygon — split it`,
        };
  }
  if (geometry.type !== 'Polygon') {
    return { message: `is a ${String(geometry.type)}, not a Polygon: a footprint is an outline` };
  }
  return { geometry };
}

/** Every feature of a GeoJSON FeatureCollection (or single Feature) as a footprint outline. */
export function readFootprintFeatures(
  input: unknown,
  pathPrefix: readonly (string | number)[] = [],
): Validated<FootprintFeature[]> {
  const list = featureList(input);
  if ('problems' in list) return { ok: false, problems: list.problems };
  const declaredCrs = crsProblem(input);
  if (declaredCrs) return { ok: false, problems: [declaredCrs] };
  const isCollection = isRecord(input) && input.type === 'FeatureCollection';
  const problems: Problem[] = [];
  const features: FootprintFeature[] = [];
  list.features.forEach((feature, index) => {
    const path = [...pathPrefix, ...(isCollection ? ['features', index] : [])];
    if (!isRecord(feature) || feature.type !== 'Feature') {
      problems.push({
        path: formatPath(path),
        message: `feature ${index + 1} is not a GeoJSON Feature`,
      });
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const id = asText(feature.id) ?? asText(properties.id);
    const label =
      asText(properties.label) ?? asText(properties.name) ?? asText(properties.title) ?? '';
    const name = featureName(index, id, label);
    const polygon = polygonOf(feature.geometry);
    if ('message' in polygon) {
      problems.push({
        path: formatPath([...path, 'geometry']),
        message: `${name} ${polygon.message}`,
      });
      return;
    }
    const parsed = footprintGeometrySchema.safeParse(polygon.geometry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          path: formatPath([...path, 'geometry', ...issue.path]),
          message: `${name}: ${issue.message}`,
        });
      }
      return;
    }
    features.push({ index, id, label, geometry: parsed.data, properties });
  });
  if (problems.length) return { ok: false, problems };
  if (features.length === 0)
    return { ok: false, problems: [{ path: '', message: 'the file has no features' }] };
  return { ok: true, value: features };
}
