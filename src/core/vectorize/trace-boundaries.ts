// Mask to polygons: the boundary of each labelled component is followed along pixel edges (crack
// following), giving exact rings through pixel corners, outer ring and holes alike. Where two
// pixels of a component touch only at a corner the tracer turns so as to keep them together, which
// is the boundary of the 8-connected component (holes are then 4-connected, as they must be).
import type { ChangeComponent } from '../change/connected-components.ts';

/** A closed ring of pixel-corner coordinates [column, row] (y down), first point repeated last. */
export type PixelRing = [number, number][];

export interface PixelPolygon {
  readonly label: number;
  /** The outer ring, then the holes. */
  readonly rings: PixelRing[];
}

// Edge directions in pixel space (y down), and the left turn of each for the corner rule.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

export function traceComponent(
  labels: Int32Array,
  width: number,
  component: ChangeComponent,
): PixelPolygon {
  const { label, minColumn, minRow, maxColumn, maxRow } = component;
  const w = maxColumn - minColumn;
  const h = maxRow - minRow;
  const vw = w + 1;
  // Outgoing edges per local corner, one bit per direction (at most two at a saddle corner).
  const out = new Uint8Array(vw * (h + 1));
  const inside = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < w && y < h && labels[(y + minRow) * width + x + minColumn] === label;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!inside(x, y)) continue;
      // Interior on the right when walking (clockwise on screen for outer rings).
      if (!inside(x, y - 1)) out[y * vw + x] |= 1; // top edge, going right
      if (!inside(x + 1, y)) out[y * vw + x + 1] |= 2; // right edge, going down
      if (!inside(x, y + 1)) out[(y + 1) * vw + x + 1] |= 4; // bottom edge, going left
      if (!inside(x - 1, y)) out[(y + 1) * vw + x] |= 8; // left edge, going up
    }
  }
  const rings: { ring: PixelRing; signedArea: number }[] = [];
  for (let start = 0; start < out.length; start++) {
    while (out[start]) {
      const firstDirection = 31 - Math.clz32(out[start] & -out[start]);
      let direction = firstDirection;
      let v = start;
      out[v] &= ~(1 << direction);
      const ring: PixelRing = [];
      let x = v % vw;
      let y = (v - x) / vw;
      ring.push([x + minColumn, y + minRow]);
      let area = 0;
      for (;;) {
        const nx = x + DX[direction];
        const ny = y + DY[direction];
        area += x * ny - nx * y;
        x = nx;
        y = ny;
        v = y * vw + x;
        const left = (direction + 3) & 3;
        const right = (direction + 1) & 3;
        let available = out[v];
        if (v === start) available |= 1 << firstDirection;
        let next: number;
        if (available & (1 << left)) next = left;
        else if (available & (1 << direction)) next = direction;
        else next = right;
        if (v === start && next === firstDirection) break;
        if (next !== direction) ring.push([x + minColumn, y + minRow]);
        out[v] &= ~(1 << next);
        direction = next;
      }
      ring.push([ring[0][0], ring[0][1]]);
      rings.push({ ring, signedArea: area / 2 });
    }
  }
  // With y down, the outer ring (interior on the right) has positive shoelace area; holes negative.
  rings.sort((a, b) => b.signedArea - a.signedArea);
  return { label, rings: rings.map((r) => r.ring) };
}
