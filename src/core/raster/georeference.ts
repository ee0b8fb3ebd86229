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
  // Normal equations of [1, column, row] against x and y.
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const bx = [0, 0, 0];
  const by = [0, 0, 0];
  for (const p of gcps) {
    const v = [1, p.column, p.row];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i * 3 + j] += v[i] * v[j];
      bx[i] += v[i] * p.x;
      by[i] += v[i] * p.y;
    }
  }
  const det =
    m[0] * (m[4] * m[8] - m[5] * m[7]) -
    m[1] * (m[3] * m[8] - m[5] * m[6]) +
    m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (Math.abs(det) < 1e-12) return null;
  const solve = (b: number[]) => {
    const replaced = (col: number) => {
      const r = m.slice();
      for (let i = 0; i < 3; i++) r[i * 3 + col] = b[i];
      return (
        r[0] * (r[4] * r[8] - r[5] * r[7]) -
        r[1] * (r[3] * r[8] - r[5] * r[6]) +
        r[2] * (r[3] * r[7] - r[4] * r[6])
      );
    };
    return [replaced(0) / det, replaced(1) / det, replaced(2) / det];
  };
  const [x0, x1, x2] = solve(bx);
  const [y0, y1, y2] = solve(by);
  return [x0, x1, x2, y0, y1, y2];
}
