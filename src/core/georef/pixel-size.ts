// Ground size of an image's pixels in metres, whatever its CRS: the pixel's edges at the image
// centre are taken to lon/lat and measured on the WGS 84 ellipsoid's local radii of curvature.
// Over one pixel that is exact to far better than the 0.1 % a displayed GSD needs.
import { pixelPoint, pixelToProjected, type GeoTransform } from './affine.ts';

const WGS84_A = 6378137;
const WGS84_E2 = 6.69437999014e-3;

/** Distance in metres between two close lon/lat points (degrees), on the ellipsoid's local radii. */
export function shortDistanceMetres(a: readonly [number, number], b: readonly [number, number]) {
  const phi = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  const s = Math.sin(phi);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const meridional = (WGS84_A * (1 - WGS84_E2)) / (w * w * w);
  const primeVertical = WGS84_A / w;
  const dNorth = (((b[1] - a[1]) * Math.PI) / 180) * meridional;
  const dEast = (((b[0] - a[0]) * Math.PI) / 180) * primeVertical * Math.cos(phi);
  return Math.hypot(dNorth, dEast);
}

export function pixelSizeMetres(
  geoTransform: GeoTransform,
  width: number,
  height: number,
  toLonLat: (xy: [number, number]) => [number, number],
): { x: number; y: number } {
  const c = width / 2;
  const r = height / 2;
  const at = (column: number, row: number) => {
    const p = pixelToProjected(geoTransform, pixelPoint(column, row));
    return toLonLat([p[0], p[1]]);
  };
  const centre = at(c, r);
  return {
    x: shortDistanceMetres(centre, at(c + 1, r)),
    y: shortDistanceMetres(centre, at(c, r + 1)),
  };
}
