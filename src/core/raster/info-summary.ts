// What `sitediff info` reports about a GeoTIFF: the JSON form (src/core/schema/info.ts) and a text
// form modelled on gdalinfo's. Pure, so the app can show the same summary.
import { pixelPoint, pixelToProjected, type GeoTransform } from '../georef/affine.ts';
import { crsTransformer } from '../georef/crs.ts';
import { INFO_SCHEMA_VERSION, type InfoJson } from '../schema/info.ts';
import { fitGcps } from './georeference.ts';
import type { GeoTiffInfo } from './open-geotiff.ts';

type Point = [number, number];
type Corners = {
  upperLeft: Point;
  lowerLeft: Point;
  upperRight: Point;
  lowerRight: Point;
  center: Point;
};

function jsonNumber(v: number | null): number | 'nan' | 'inf' | '-inf' | null {
  if (v === null || Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

function cornersOf(gt: GeoTransform, width: number, height: number): Corners {
  const at = (column: number, row: number): Point => {
    const [x, y] = pixelToProjected(gt, pixelPoint(column, row));
    return [x, y];
  };
  return {
    upperLeft: at(0, 0),
    lowerLeft: at(0, height),
    upperRight: at(width, 0),
    lowerRight: at(width, height),
    center: at(width / 2, height / 2),
  };
}

export interface InfoJsonOptions {
  /** The path as given. */
  readonly file: string;
  /** The `.ovr` file the overviews were read from, when they were. */
  readonly externalOverviewsFile?: string | null;
  /** GDAL's checksum per band. */
  readonly checksums?: readonly number[];
  /** GDAL's checksum per band and overview, `[band][overview]`. */
  readonly overviewChecksums?: readonly (readonly number[])[];
}

export function infoJson(info: GeoTiffInfo, options: InfoJsonOptions): InfoJson {
  let corners: InfoJson['corners'] = null;
  if (info.geoTransform) {
    const inCrs = cornersOf(info.geoTransform, info.width, info.height);
    let lonLat: Corners | null = null;
    if (info.crs) {
      try {
        const toLonLat = crsTransformer(info.crs, 'EPSG:4326');
        const entries = Object.entries(inCrs).map(([name, p]) => [name, toLonLat.forward(p)]);
        if (entries.every(([, p]) => (p as Point).every(Number.isFinite))) {
          lonLat = Object.fromEntries(entries) as Corners;
        }
      } catch {
        lonLat = null;
      }
    }
    corners = { crs: inCrs, lonLat };
  }
  return {
    version: INFO_SCHEMA_VERSION,
    file: options.file,
    width: info.width,
    height: info.height,
    bandCount: info.bandCount,
    bands: info.bands.map((band, i) => ({
      band: i + 1,
      dataType: band.dataType,
      noData: jsonNumber(band.noData),
      colorInterpretation: band.colorInterpretation,
      scale: band.scale,
      offset: band.offset,
      description: band.description,
      checksum: options.checksums?.[i] ?? null,
      overviewChecksums: options.overviewChecksums?.[i] ? [...options.overviewChecksums[i]] : null,
    })),
    crs: info.crs && {
      epsg: info.crs.epsg,
      name: info.crs.name,
      proj4: info.crs.proj4,
      wkt: info.crs.wkt,
      isGeographic: info.crs.isGeographic,
    },
    geoTransform: info.geoTransform && [...info.geoTransform],
    areaOrPoint: info.areaOrPoint,
    gcpCount: info.gcps.length,
    gcpFit: gcpFitJson(info),
    corners,
    overviews: info.overviews.map(([w, h]) => [w, h]),
    externalOverviewsFile: options.externalOverviewsFile ?? null,
    compression: info.compression,
    interleave: info.interleave,
    tileSize: [info.tileSize[0], info.tileSize[1]],
    acquisitionDate: info.acquisitionDate,
    metadata: { ...info.metadata },
  };
}

/** The affine fit of a GCP-only file's GCPs: where the app can place it, approximately. */
function gcpFitJson(info: GeoTiffInfo): InfoJson['gcpFit'] {
  const fit = info.geoTransform ? null : fitGcps(info.gcps);
  return (
    fit && {
      geoTransform: [...fit.geoTransform],
      rmsResidualPixels: fit.rmsResidualPixels,
      maxResidualPixels: fit.maxResidualPixels,
      rmsResidualCrsUnits: fit.rmsResidualCrsUnits,
    }
  );
}

const fixed = (v: number, digits: number) => v.toFixed(digits);

/** The text form: one fact per line, coordinates as gdalinfo prints them. */
export function formatInfoText(json: InfoJson): string {
  const lines: string[] = [`File: ${json.file}`, `Size is ${json.width}, ${json.height}`];
  if (json.crs) {
    lines.push(
      `Coordinate system: ${json.crs.name}${json.crs.epsg ? ` (EPSG:${json.crs.epsg})` : ''}`,
    );
    lines.push(`  proj4: ${json.crs.proj4}`);
    const noWkt =
      json.crs.epsg === null
        ? 'not written for a user-defined CRS (see the proj4 string)'
        : `not available (EPSG:${json.crs.epsg} is not in the registry)`;
    lines.push(`  WKT: ${json.crs.wkt ?? noWkt}`);
  } else {
    lines.push('Coordinate system: none');
  }
  if (json.geoTransform) {
    const [x0, dx, rx, y0, ry, dy] = json.geoTransform;
    lines.push(`GeoTransform = ${[x0, dx, rx, y0, ry, dy].map((v) => String(v)).join(', ')}`);
    lines.push(`Origin = (${fixed(x0, 15)},${fixed(y0, 15)})`);
    lines.push(`Pixel Size = (${fixed(dx, 15)},${fixed(dy, 15)})`);
  } else if (json.gcpFit) {
    const fit = json.gcpFit;
    lines.push(
      `No geotransform: ${json.gcpCount} ground control points (affine fit RMS residual ` +
        `${fixed(fit.rmsResidualPixels, 2)} px, max ${fixed(fit.maxResidualPixels, 2)} px, ` +
        `RMS ${fixed(fit.rmsResidualCrsUnits, 3)} ${json.crs?.isGeographic ? 'degrees' : 'CRS units'})`,
    );
    lines.push(`  Affine fit GeoTransform = ${fit.geoTransform.map((v) => String(v)).join(', ')}`);
  } else if (json.gcpCount > 0) {
    lines.push(
      `No geotransform: ${json.gcpCount} ground control points (too few or collinear for an affine fit)`,
    );
  } else {
    lines.push('No georeferencing');
  }
  if (json.acquisitionDate) lines.push(`Acquisition date: ${json.acquisitionDate}`);
  lines.push(`Compression: ${json.compression ?? 'none'}, interleave ${json.interleave}`);
  lines.push(`Block size: ${json.tileSize[0]} x ${json.tileSize[1]}, pixel is ${json.areaOrPoint}`);
  if (json.corners) {
    const geographic = json.crs?.isGeographic ?? false;
    const digits = geographic ? 7 : 3;
    lines.push('Corner Coordinates:');
    for (const name of ['upperLeft', 'lowerLeft', 'upperRight', 'lowerRight', 'center'] as const) {
      const [x, y] = json.corners.crs[name];
      const ll = json.corners.lonLat?.[name];
      const label = name
        .replace(/^(.)/, (c) => c.toUpperCase())
        .replace(/([A-Z])/g, ' $1')
        .trim();
      lines.push(
        `  ${label.padEnd(12)} (${fixed(x, digits)}, ${fixed(y, digits)})` +
          (ll ? `  lon/lat (${fixed(ll[0], 7)}, ${fixed(ll[1], 7)})` : ''),
      );
    }
  }
  const overviewSizes = json.overviews.map(([w, h]) => `${w}x${h}`).join(', ') || 'none';
  lines.push(
    `Overviews: ${overviewSizes}` +
      (json.externalOverviewsFile ? ` (external, ${json.externalOverviewsFile})` : ''),
  );
  for (const band of json.bands) {
    const parts = [`Band ${band.band}: ${band.dataType}, ${band.colorInterpretation}`];
    if (band.noData !== null) parts.push(`NoData=${band.noData}`);
    if (band.scale !== null || band.offset !== null)
      parts.push(`scale=${band.scale ?? 1} offset=${band.offset ?? 0}`);
    if (band.description) parts.push(`"${band.description}"`);
    if (band.checksum !== null) parts.push(`Checksum=${band.checksum}`);
    lines.push(parts.join(', '));
    if (band.overviewChecksums?.length) {
      lines.push(`  Overviews checksum: ${band.overviewChecksums.join(', ')}`);
    }
  }
  for (const [name, value] of Object.entries(json.metadata)) lines.push(`  ${name}=${value}`);
  return lines.join('\n');
}
