// Minimum-area oriented (bounding) rectangle: a building's length × width and heading. One side of
// the minimum-area enclosing rectangle lies along an edge of the convex hull (Freeman & Shapira
// 1975, CACM 18(7)), so rotating calipers over the hull find it in linear time (Toussaint 1983,
// "Solving geometric problems with the rotating calipers"). Written here rather than taken from a
// library because it is the measurement itself; the hull is Andrew's monotone chain (1979).
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { boundingBoxCentre, localProjectionAt } from './local-projection.ts';

/** A planar point: x grows east (or right), y grows north (or up), in metres. */
export type PlanarPoint = readonly [x: number, y: number];

export interface OrientedRectangle<Point> {
  /** The longer side, metres. */
  readonly lengthMetres: number;
  /** The shorter side, metres (0 for collinear points). */
  readonly widthMetres: number;
  /**
   * Direction of the long side as an azimuth: degrees clockwise from north (the +y axis in the
   * plane, true north for lon/lat input), in [0, 180) since a side has no sense.
   */
  readonly angleDegrees: number;
  /** The four corners counter-clockwise (for y up), starting from one end of a long side. */
  readonly corners: readonly [Point, Point, Point, Point];
  readonly centre: Point;
  readonly areaSquareMetres: number;
}

const cross = (o: PlanarPoint, a: PlanarPoint, b: PlanarPoint) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Convex hull, counter-clockwise, without collinear points or the closing repeat. */
export function convexHull(points: readonly PlanarPoint[]): PlanarPoint[] {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (sorted.length < 3) return sorted;
  const half = (ordered: readonly PlanarPoint[]) => {
    const chain: PlanarPoint[] = [];
    for (const point of ordered) {
      while (
        chain.length >= 2 &&
        cross(chain[chain.length - 2], chain[chain.length - 1], point) <= 0
      ) {
        chain.pop();
      }
      chain.push(point);
    }
    chain.pop();
    return chain;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

function azimuthDegrees(dx: number, dy: number): number {
  const degrees = (Math.atan2(dx, dy) * 180) / Math.PI;
  const folded = ((degrees % 180) + 180) % 180;
  // atan2 can land a hair below 180 for a due-south direction; that side points north.
  return folded >= 180 - 1e-12 ? 0 : folded;
}

function rectangleFromFrame(
  origin: PlanarPoint,
  u: PlanarPoint,
  minU: number,
  maxU: number,
  maxV: number,
): OrientedRectangle<PlanarPoint> {
  const v: PlanarPoint = [-u[1], u[0]];
  const at = (s: number, t: number): PlanarPoint => [
    origin[0] + u[0] * s + v[0] * t,
    origin[1] + u[1] * s + v[1] * t,
  ];
  const alongU = maxU - minU;
  const corners = [at(minU, 0), at(maxU, 0), at(maxU, maxV), at(minU, maxV)] as const;
  const longAlongU = alongU >= maxV;
  return {
    lengthMetres: Math.max(alongU, maxV),
    widthMetres: Math.min(alongU, maxV),
    angleDegrees: longAlongU ? azimuthDegrees(u[0], u[1]) : azimuthDegrees(v[0], v[1]),
    // Start from an end of a long side, keeping the counter-clockwise order.
    corners: longAlongU ? corners : [corners[1], corners[2], corners[3], corners[0]],
    centre: at((minU + maxU) / 2, maxV / 2),
    areaSquareMetres: alongU * maxV,
  };
}

/** Minimum-area rectangle enclosing planar points (metres). Needs at least one point. */
export function minimumAreaRectangle(
  points: readonly PlanarPoint[],
): OrientedRectangle<PlanarPoint> {
  if (points.length === 0) throw new Error('An oriented rectangle needs at least one point.');
  // Work relative to the first point so large projected coordinates keep their precision.
  const [x0, y0] = points[0];
  const hull = convexHull(points.map(([x, y]) => [x - x0, y - y0] as const));
  const shift = (r: OrientedRectangle<PlanarPoint>): OrientedRectangle<PlanarPoint> => {
    const move = ([x, y]: PlanarPoint): PlanarPoint => [x + x0, y + y0];
    const [a, b, c, d] = r.corners;
    return { ...r, corners: [move(a), move(b), move(c), move(d)], centre: move(r.centre) };
  };
  if (hull.length < 3) {
    // One point, or all on a line: a rectangle of zero width along the segment.
    const [a, b = a] = hull;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const u: PlanarPoint = length > 0 ? [(b[0] - a[0]) / length, (b[1] - a[1]) / length] : [0, 1];
    return shift(rectangleFromFrame(a, u, 0, length, 0));
  }
  const n = hull.length;
  const next = (i: number) => (i + 1) % n;
  let best: OrientedRectangle<PlanarPoint> | null = null;
  let right = 1;
  let top = 1;
  let left = 1;
  for (let i = 0; i < n; i++) {
    const origin = hull[i];
    const edgeEnd = hull[next(i)];
    const edgeLength = Math.hypot(edgeEnd[0] - origin[0], edgeEnd[1] - origin[1]);
    const u: PlanarPoint = [
      (edgeEnd[0] - origin[0]) / edgeLength,
      (edgeEnd[1] - origin[1]) / edgeLength,
    ];
    const alongU = (p: PlanarPoint) => (p[0] - origin[0]) * u[0] + (p[1] - origin[1]) * u[1];
    const alongV = (p: PlanarPoint) => (p[0] - origin[0]) * -u[1] + (p[1] - origin[1]) * u[0];
    // The calipers only ever turn forwards; each pointer advances while that improves its extreme.
    if (i === 0) right = next(i);
    for (let steps = 0; steps < n && alongU(hull[next(right)]) > alongU(hull[right]); steps++) {
      right = next(right);
    }
    if (i === 0) top = right;
    for (let steps = 0; steps < n && alongV(hull[next(top)]) > alongV(hull[top]); steps++) {
      top = next(top);
    }
    if (i === 0) left = top;
    for (let steps = 0; steps < n && alongU(hull[next(left)]) < alongU(hull[left]); steps++) {
      left = next(left);
    }
    const candidate = rectangleFromFrame(
      origin,
      u,
      Math.min(0, alongU(hull[left])),
      alongU(hull[right]),
      alongV(hull[top]),
    );
    if (!best || candidate.areaSquareMetres < best.areaSquareMetres) best = candidate;
  }
  return shift(best as OrientedRectangle<PlanarPoint>);
}

function outerRings(shape: readonly Position[] | Polygon | MultiPolygon): readonly Position[][] {
  if (Array.isArray(shape)) return [shape as Position[]];
  const geometry = shape as Polygon | MultiPolygon;
  return geometry.type === 'Polygon'
    ? [geometry.coordinates[0]]
    : geometry.coordinates.map((polygon) => polygon[0]);
}

/**
 * Minimum-area oriented rectangle of a lon/lat ring or polygon, computed in a transverse Mercator
 * plane centred on it (see local-projection.ts: lengths within ~10⁻⁸, angles within 0.01° for
 * footprints up to a kilometre). Corners and centre are returned as [longitude, latitude].
 */
export function orientedRectangleLonLat(
  shape: readonly Position[] | Polygon | MultiPolygon,
): OrientedRectangle<Position> {
  const points = outerRings(shape).flat();
  const projection = localProjectionAt(boundingBoxCentre(points));
  const rectangle = minimumAreaRectangle(points.map((p) => projection.forward(p)));
  const [a, b, c, d] = rectangle.corners.map((corner) => projection.inverse(corner));
  return {
    ...rectangle,
    corners: [a, b, c, d],
    centre: projection.inverse(rectangle.centre),
  };
}
