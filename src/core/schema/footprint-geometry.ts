// Checks that a footprint outline is a valid RFC 7946 lon/lat Polygon that can be measured, with
// messages that say what to fix: unclosed rings, crossing edges, projected or swapped coordinates.
// Edge crossings are tested here rather than with turf.kinks, which skips half the segment pairs
// between different rings and does not see overlapping collinear edges.
import type { Position } from 'geojson';

type Ring = readonly Position[];

const describePosition = (p: Position) => `${p[0]}, ${p[1]}`;

function coordinateProblems(rings: readonly Ring[]): string[] {
  for (const [ringIndex, ring] of rings.entries()) {
    for (const position of ring) {
      const [x, y] = position;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        return [`ring ${ringIndex + 1} has a position that is not two numbers`];
      }
      if (Math.abs(x) > 360 || Math.abs(y) > 360) {
        return [
          `coordinates such as (${describePosition(position)}) look like projected metres, not ` +
            'longitude/latitude degrees: GeoJSON (RFC 7946) must be in WGS 84 lon/lat — reproject it',
        ];
      }
      if (Math.abs(y) > 90) {
        return Math.abs(x) <= 90
          ? [
              `latitude ${y} is outside ±90° while longitude ${x} would be a valid latitude: the ` +
                'coordinates look like [latitude, longitude]; GeoJSON order is [longitude, latitude]',
            ]
          : [`latitude ${y} is outside ±90°`];
      }
      if (Math.abs(x) > 180) return [`longitude ${x} is outside ±180°`];
    }
  }
  return [];
}

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

function ringShapeProblems(ring: Ring, ringIndex: number): string[] {
  const name = `ring ${ringIndex + 1}`;
  if (ring.length >= 2 && !samePosition(ring[0], ring[ring.length - 1])) {
    return [
      `${name} is not closed: its last position (${describePosition(ring[ring.length - 1])}) ` +
        `must repeat its first (${describePosition(ring[0])})`,
    ];
  }
  if (ring.length < 4) {
    return [
      `${name} has ${Math.max(ring.length - 1, 0)} distinct corners; an outline needs at least 3`,
    ];
  }
  return [];
}

const orientation = (a: Position, b: Position, c: Position) =>
  Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

const onSegment = (a: Position, b: Position, p: Position) =>
  Math.min(a[0], b[0]) <= p[0] &&
  p[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= p[1] &&
  p[1] <= Math.max(a[1], b[1]);

/** Whether closed segments ab and cd share any point (O'Rourke 1998, §7.2). */
function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const [o1, o2, o3, o4] = [
    orientation(a, b, c),
    orientation(a, b, d),
    orientation(c, d, a),
    orientation(c, d, b),
  ];
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

interface Edge {
  readonly ring: number;
  readonly index: number;
  readonly a: Position;
  readonly b: Position;
  readonly west: number;
  readonly east: number;
}

/** Neighbouring edges share their common vertex; they are wrong only if they fold back. */
function foldProblem(e: Edge, f: Edge): string | null {
  const [first, second] = e.index < f.index ? [e, f] : [f, e];
  const [shared, p, q] =
    second.index === first.index + 1 ? [first.b, first.a, second.b] : [first.a, first.b, second.a];
  const folds =
    orientation(p, shared, q) === 0 && (onSegment(shared, p, q) || onSegment(shared, q, p));
  return folds ? `ring ${e.ring + 1} folds back on itself at (${describePosition(shared)})` : null;
}

/**
 * Pairs of edges that touch where they should not: crossings, overlaps, repeated vertices. Edges
 * are swept from west to east so only those whose longitude spans overlap are compared.
 */
function crossingProblems(rings: readonly Ring[]): string[] {
  const edges: Edge[] = [];
  rings.forEach((ring, ringIndex) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a, b] = [ring[i], ring[i + 1]];
      edges.push({
        ring: ringIndex,
        index: i,
        a,
        b,
        west: Math.min(a[0], b[0]),
        east: Math.max(a[0], b[0]),
      });
    }
  });
  edges.sort((e, f) => e.west - f.west);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    for (let j = i + 1; j < edges.length && edges[j].west <= e.east; j++) {
      const f = edges[j];
      if (e.ring === f.ring) {
        const last = rings[e.ring].length - 2;
        const [low, high] = e.index < f.index ? [e.index, f.index] : [f.index, e.index];
        if (high === low + 1 || (low === 0 && high === last)) {
          const fold = foldProblem(e, f);
          if (fold) return [fold];
          continue;
        }
      }
      if (segmentsTouch(e.a, e.b, f.a, f.b)) {
        const where =
          e.ring === f.ring
            ? `ring ${e.ring + 1} crosses itself`
            : `rings ${Math.min(e.ring, f.ring) + 1} and ${Math.max(e.ring, f.ring) + 1} cross`;
        const [first, second] = [Math.min(e.index, f.index) + 1, Math.max(e.index, f.index) + 1];
        return [
          `${where} (edges ${first} and ${second}, near ${describePosition(f.a)}): the outline is self-intersecting`,
        ];
      }
    }
  }
  return [];
}

/**
 * What is wrong with a Polygon's coordinates as a footprint outline, most basic problem first;
 * an empty list when it can be measured.
 */
export function footprintGeometryProblems(coordinates: readonly Ring[]): string[] {
  if (coordinates.length === 0) return ['the polygon has no rings'];
  const coordinate = coordinateProblems(coordinates);
  if (coordinate.length) return coordinate;
  // A vertex repeated in a row is harmless to measurement; drop it so it is not taken for a fold.
  const rings = coordinates.map((ring) =>
    ring.filter((position, i) => i === 0 || !samePosition(position, ring[i - 1])),
  );
  const shape = rings.flatMap(ringShapeProblems);
  if (shape.length) return shape;
  return crossingProblems(rings);
}
