// Outlines of the rectangle tools from the points a user clicked, built in a transverse Mercator
// plane centred on them (see local-projection.ts) so the corners are right angles on the ground.
import type { Polygon, Position } from 'geojson';
import { boundingBoxCentre, localProjectionAt, type LocalPoint } from './local-projection.ts';

function outlineFrom(
  points: readonly Position[],
  build: (local: LocalPoint[]) => [number, number][],
): Polygon {
  const projection = localProjectionAt(boundingBoxCentre(points));
  const corners = build(points.map((point) => projection.forward(point))).map((corner) =>
    projection.inverse(corner),
  );
  return { type: 'Polygon', coordinates: [[...corners, corners[0]]] };
}

/** Counter-clockwise corners in the plane, for RFC 7946 winding. */
function counterClockwise(corners: [number, number][]): [number, number][] {
  let twiceArea = 0;
  for (let i = 0; i < corners.length; i++) {
    const [x0, y0] = corners[i];
    const [x1, y1] = corners[(i + 1) % corners.length];
    twiceArea += x0 * y1 - x1 * y0;
  }
  return twiceArea < 0 ? corners.reverse() : corners;
}

/** A north-aligned rectangle with two opposite corners at `first` and `second`. */
export function cornerRectangleOutline(first: Position, second: Position): Polygon {
  return outlineFrom([first, second], ([a, b]) =>
    counterClockwise([
      [a[0], a[1]],
      [b[0], a[1]],
      [b[0], b[1]],
      [a[0], b[1]],
    ]),
  );
}

/**
 * The rotated-rectangle building tool: `edgeStart`–`edgeEnd` is one side; the opposite side passes
 * through the perpendicular foot of `widthPoint`, on whichever side of the edge it lies.
 */
export function rotatedRectangleOutline(
  edgeStart: Position,
  edgeEnd: Position,
  widthPoint: Position,
): Polygon {
  return outlineFrom([edgeStart, edgeEnd, widthPoint], ([a, b, c]) => {
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const normal = length > 0 ? [-(b[1] - a[1]) / length, (b[0] - a[0]) / length] : [0, 0];
    const width = (c[0] - a[0]) * normal[0] + (c[1] - a[1]) * normal[1];
    return counterClockwise([
      [a[0], a[1]],
      [b[0], b[1]],
      [b[0] + normal[0] * width, b[1] + normal[1] * width],
      [a[0] + normal[0] * width, a[1] + normal[1] * width],
    ]);
  });
}
