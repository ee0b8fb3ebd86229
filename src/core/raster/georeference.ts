// Georeferencing from the raw GeoTIFF tags with the rules of GDAL's GTiff driver
// (GTiffDataset::LoadGeoreferencingAndPamIfNeeded, GDAL 3.6): pixel scale + tiepoint first, else
// ModelTransformation, else tiepoints become GCPs. For PixelIsPoint rasters GDAL moves the origin
// by half a pixel so that the geotransform always addresses the outer corner of the top-left pixel.
import type { GeoTransform } from '../georef/affine.ts';
import type { GeoKeys } from './geokeys.ts';
import type { TiffDirectory } from './tiff-ifd.ts';
import { Tag, tagNumbers } from './tiff-tags.ts';

export interface GroundControlPoint {
  readonly column: number;
  readonly row: number;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface Georeference {
  readonly geoTransform: GeoTransform | null;
  readonly gcps: readonly GroundControlPoint[];
  readonly areaOrPoint: 'Area' | 'Point';
}

/** GTRasterTypeGeoKey value for RasterPixelIsPoint (GeoTIFF 1.1, 6.3.1.2). */
const RASTER_PIXEL_IS_POINT = 2;

export function readGeoreference(directory: TiffDirectory, geoKeys: GeoKeys | null): Georeference {
  const pixelIsPoint = geoKeys?.GTRasterTypeGeoKey === RASTER_PIXEL_IS_POINT;
  const areaOrPoint = pixelIsPoint ? 'Point' : 'Area';
  const scale = tagNumbers(directory, Tag.ModelPixelScale);
  const tiepoints = tagNumbers(directory, Tag.ModelTiepoint);
  const matrix = tagNumbers(directory, Tag.ModelTransformation);
  const halfPixel = (gt: number[]): GeoTransform => {
    if (pixelIsPoint) {
      gt[0] -= gt[1] * 0.5 + gt[2] * 0.5;
      gt[3] -= gt[4] * 0.5 + gt[5] * 0.5;
    }
    return gt as unknown as GeoTransform;
  };

  if (scale && scale.length >= 2 && scale[0] !== 0 && scale[1] !== 0) {
    // A negative ScaleY is taken as a north-up file written with the wrong sign (GDAL's default,
    // GTIFF_HONOUR_NEGATIVE_SCALEY unset).
    const gt = [0, scale[0], 0, 0, 0, scale[1] < 0 ? scale[1] : -scale[1]];
    if (tiepoints && tiepoints.length >= 6) {
      gt[0] = tiepoints[3] - tiepoints[0] * gt[1];
      gt[3] = tiepoints[4] - tiepoints[1] * gt[5];
      return { geoTransform: halfPixel(gt), gcps: [], areaOrPoint };
    }
    return { geoTransform: null, gcps: [], areaOrPoint };
  }
  if (matrix && matrix.length === 16) {
    const gt = [matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]];
    return { geoTransform: halfPixel(gt), gcps: [], areaOrPoint };
  }
  if (tiepoints && tiepoints.length >= 6) {
    const gcps: GroundControlPoint[] = [];
    const shift = pixelIsPoint ? 0.5 : 0;
    for (let i = 0; i + 6 <= tiepoints.length; i += 6) {
      gcps.push({
        column: tiepoints[i] + shift,
        row: tiepoints[i + 1] + shift,
        x: tiepoints[i + 3],
        y: tiepoints[i + 4],
        z: tiepoints[i + 5],
      });
    }
    return { geoTransform: null, gcps, areaOrPoint };
  }
  return { geoTransform: null, gcps: [], areaOrPoint };
}

/**
 * Least-squares affine fit of GCPs (at least three, not collinear), for placing a GCP-only file
 * approximately; GDAL's GDALGCPsToGeoTransform does the same fit.
 */
export function geoTransformFromGcps(gcps: readonly GroundControlPoint[]): GeoTransform | null {
  if (gcps.length < 3) return null;
  // Normal equations of [1, column, row] against x and y, about the GCPs' mean so that large map
  // coordinates (millions of metres) do not swamp the pixel terms.
  const mean = (pick: (p: GroundControlPoint) => number) =>
    gcps.reduce((sum, p) => sum + pick(p), 0) / gcps.length;
  const [c0, r0, x0, y0] = [
    mean((p) => p.column),
    mean((p) => p.row),
    mean((p) => p.x),
    mean((p) => p.y),
  ];
  let [cc, cr, rr, cx, rx, cy, ry] = [0, 0, 0, 0, 0, 0, 0];
  for (const p of gcps) {
    const [c, r, x, y] = [p.column - c0, p.row - r0, p.x - x0, p.y - y0];
    cc += c * c;
    cr += c * r;
    rr += r * r;
    cx += c * x;
    rx += r * x;
    cy += c * y;
    ry += r * y;
  }
  const det = cc * rr - cr * cr;
  // Collinear (or coincident) GCPs leave one direction of the image unconstrained.
  if (!(det > 1e-12 * cc * rr)) return null;
  const xPerColumn = (cx * rr - rx * cr) / det;
  const xPerRow = (rx * cc - cx * cr) / det;
  const yPerColumn = (cy * rr - ry * cr) / det;
  const yPerRow = (ry * cc - cy * cr) / det;
  return [
    x0 - xPerColumn * c0 - xPerRow * r0,
    xPerColumn,
    xPerRow,
    y0 - yPerColumn * c0 - yPerRow * r0,
    yPerColumn,
    yPerRow,
  ];
}

export interface GcpFit {
  /** The least-squares affine geotransform, GDAL order. */
  readonly geoTransform: GeoTransform;
  readonly gcpCount: number;
  /** Root-mean-square distance between each GCP's pixel and where the fit puts its map point. */
  readonly rmsResidualPixels: number;
  readonly maxResidualPixels: number;
  /** The same in the CRS's units (metres for most projected CRSs, degrees for geographic ones). */
  readonly rmsResidualCrsUnits: number;
}

/**
 * An affine fit of a GCP-only file's control points and how far the points are from it: the fit
 * places the image approximately, exactly only when the residuals are 0 (a warp through every GCP,
 * as gdalwarp -tps does, is not attempted). Null for fewer than three or collinear GCPs.
 */
export function fitGcps(gcps: readonly GroundControlPoint[]): GcpFit | null {
  const gt = geoTransformFromGcps(gcps);
  if (!gt) return null;
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (!(det !== 0 && Number.isFinite(det))) return null;
  let pixelSquares = 0;
  let crsSquares = 0;
  let maxResidualPixels = 0;
  for (const p of gcps) {
    const dx = gt[0] + p.column * gt[1] + p.row * gt[2] - p.x;
    const dy = gt[3] + p.column * gt[4] + p.row * gt[5] - p.y;
    // The map residual taken back through the inverse of the affine part, in pixels.
    const dColumn = (gt[5] * dx - gt[2] * dy) / det;
    const dRow = (-gt[4] * dx + gt[1] * dy) / det;
    const pixels = Math.hypot(dColumn, dRow);
    pixelSquares += pixels * pixels;
    crsSquares += dx * dx + dy * dy;
    maxResidualPixels = Math.max(maxResidualPixels, pixels);
  }
  return {
    geoTransform: gt,
    gcpCount: gcps.length,
    rmsResidualPixels: Math.sqrt(pixelSquares / gcps.length),
    maxResidualPixels,
    rmsResidualCrsUnits: Math.sqrt(crsSquares / gcps.length),
  };
}
