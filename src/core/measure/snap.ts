// Snapping a drawing click to other footprints: to a vertex, else to the nearest point of an edge,
// when it is within a tolerance measured on screen (what the hand can aim at does not depend on
// the zoom). The map layer passes in how a lon/lat point lands on screen, so this stays pure.
import type { Position } from 'geojson';

/** A point on the map's screen, in CSS pixels from the top-left corner of its container. */
export interface ScreenPoint {
  readonly x: number;
  readonly y: number;
}

export type ToScreen = (lonLat: Position) => ScreenPoint;

export interface Snapped {
  /** The position to use: the cursor's own when nothing was near enough. */
  readonly position: Position;
  readonly target: 'vertex' | 'edge' | null;
}

const distancePixels = (a: ScreenPoint, b: ScreenPoint) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Snaps `cursor` to the rings of `outlines` (each a polygon's rings, closed or not). A vertex
 * within `tolerancePixels` wins over any edge, since a corner is what people aim at; an edge point
 * is returned on the lon/lat segment itself (the edge as stored), at the parameter of the nearest
 * point on screen.
 */
export function snapToOutlines(
  cursor: Position,
  outlines: readonly (readonly (readonly Position[])[])[],
  toScreen: ToScreen,
  tolerancePixels: number,
): Snapped {
  const cursorOnScreen = toScreen(cursor);
  let vertex: { position: Position; distancePixels: number } | null = null;
  let edge: { position: Position; distancePixels: number } | null = null;
  for (const rings of outlines) {
    for (const ring of rings) {
      const onScreen = ring.map(toScreen);
      for (let i = 0; i < ring.length; i++) {
        const d = distancePixels(cursorOnScreen, onScreen[i]);
        if (d <= tolerancePixels && (!vertex || d < vertex.distancePixels)) {
          vertex = { position: ring[i], distancePixels: d };
        }
        if (i === 0) continue;
        const [a, b] = [onScreen[i - 1], onScreen[i]];
        const lengthSquared = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
        if (lengthSquared === 0) continue;
        const t = Math.min(
          1,
          Math.max(
            0,
            ((cursorOnScreen.x - a.x) * (b.x - a.x) + (cursorOnScreen.y - a.y) * (b.y - a.y)) /
              lengthSquared,
          ),
        );
        const foot = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
        const footDistance = distancePixels(cursorOnScreen, foot);
        if (footDistance <= tolerancePixels && (!edge || footDistance < edge.distancePixels)) {
          const [start, end] = [ring[i - 1], ring[i]];
          edge = {
            position: [start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])],
            distancePixels: footDistance,
          };
        }
      }
    }
  }
  if (vertex) return { position: [...vertex.position], target: 'vertex' };
  if (edge) return { position: edge.position, target: 'edge' };
  return { position: cursor, target: null };
}
