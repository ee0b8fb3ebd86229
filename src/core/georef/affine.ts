// Affine georeferencing in GDAL's convention: a geotransform maps the outer corner of pixel
// (column, row) to projected coordinates:
//   x = gt[0] + column * gt[1] + row * gt[2]
//   y = gt[3] + column * gt[4] + row * gt[5]
// (GDAL data model, "Affine GeoTransform").

declare const pixelBrand: unique symbol;
declare const projectedBrand: unique symbol;
declare const lonLatBrand: unique symbol;

/** Pixel space of one image: column/row, with (0, 0) at the outer top-left corner. */
export type PixelPoint = readonly [column: number, row: number] & { readonly [pixelBrand]: true };
/** Coordinates in an image's own CRS (metres for projected CRSs, degrees for geographic ones). */
export type ProjectedPoint = readonly [x: number, y: number] & { readonly [projectedBrand]: true };
/** WGS 84 longitude, latitude in degrees (RFC 7946 order). */
export type LonLat = readonly [longitude: number, latitude: number] & {
  readonly [lonLatBrand]: true;
};

export const pixelPoint = (column: number, row: number) => [column, row] as unknown as PixelPoint;
export const projectedPoint = (x: number, y: number) => [x, y] as unknown as ProjectedPoint;
export const lonLat = (longitude: number, latitude: number) =>
  [longitude, latitude] as unknown as LonLat;

/** GDAL order: originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight. */
export type GeoTransform = readonly [number, number, number, number, number, number];

export function pixelToProjected(gt: GeoTransform, p: PixelPoint): ProjectedPoint {
  const [column, row] = p;
  return projectedPoint(gt[0] + column * gt[1] + row * gt[2], gt[3] + column * gt[4] + row * gt[5]);
}

export function invertGeoTransform(gt: GeoTransform): GeoTransform {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (det === 0 || !Number.isFinite(det)) throw new Error('The geotransform is not invertible.');
  const a = gt[5] / det;
  const b = -gt[2] / det;
  const d = -gt[4] / det;
  const e = gt[1] / det;
  return [-gt[0] * a - gt[3] * b, a, b, -gt[0] * d - gt[3] * e, d, e];
}

export function projectedToPixel(inverse: GeoTransform, p: ProjectedPoint): PixelPoint {
  const [x, y] = p;
  return pixelPoint(
    inverse[0] + x * inverse[1] + y * inverse[2],
    inverse[3] + x * inverse[4] + y * inverse[5],
  );
}

/** Ground size of one pixel along columns and rows, in CRS units. */
export function pixelSize(gt: GeoTransform): { x: number; y: number } {
  return { x: Math.hypot(gt[1], gt[4]), y: Math.hypot(gt[2], gt[5]) };
}
