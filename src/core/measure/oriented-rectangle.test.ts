import geographicLib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import {
  minimumAreaRectangle,
  orientedRectangleLonLat,
  type PlanarPoint,
} from './oriented-rectangle.ts';

/** A rectangle of the given sides with its long side at `azimuth` (clockwise from +y). */
function rotatedRectangle(
  centre: PlanarPoint,
  lengthMetres: number,
  widthMetres: number,
  azimuthDegrees: number,
): PlanarPoint[] {
  const a = (azimuthDegrees * Math.PI) / 180;
  const along: PlanarPoint = [Math.sin(a), Math.cos(a)];
  const across: PlanarPoint = [Math.cos(a), -Math.sin(a)];
  return [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([s, t]) => [
    centre[0] + (s * lengthMetres * along[0]) / 2 + (t * widthMetres * across[0]) / 2,
    centre[1] + (s * lengthMetres * along[1]) / 2 + (t * widthMetres * across[1]) / 2,
  ]);
}

/** Independent check: the smallest axis-aligned box over finely stepped rotations. */
function bruteForceMinimumArea(points: readonly PlanarPoint[]): number {
  let best = Infinity;
  for (let step = 0; step < 18000; step++) {
    const a = (step / 100) * (Math.PI / 180);
    const xs = points.map(([x, y]) => x * Math.cos(a) - y * Math.sin(a));
    const ys = points.map(([x, y]) => x * Math.sin(a) + y * Math.cos(a));
    best = Math.min(
      best,
      (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)),
    );
  }
  return best;
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('minimum-area rectangle of planar points', () => {
  for (const azimuth of [0, 17, 45, 90, 123.4, 179]) {
    it(`recovers a 120 × 45 m rectangle at azimuth ${azimuth}°`, () => {
      const corners = rotatedRectangle([500_000, 4_400_000], 120, 45, azimuth);
      const next = random(azimuth + 1);
      // Interior points must not change the answer.
      const interior = Array.from({ length: 40 }, (): PlanarPoint => {
        const [a, b, , d] = corners;
        const s = next();
        const t = next();
        return [
          a[0] + s * (b[0] - a[0]) + t * (d[0] - a[0]),
          a[1] + s * (b[1] - a[1]) + t * (d[1] - a[1]),
        ];
      });
      const rectangle = minimumAreaRectangle([...interior, ...corners]);
      expect(rectangle.lengthMetres).toBeCloseTo(120, 6);
      expect(rectangle.widthMetres).toBeCloseTo(45, 6);
      expect(rectangle.angleDegrees).toBeCloseTo(azimuth, 6);
      expect(rectangle.centre[0]).toBeCloseTo(500_000, 6);
      expect(rectangle.centre[1]).toBeCloseTo(4_400_000, 6);
      const [a, b] = rectangle.corners;
      expect(Math.hypot(b[0] - a[0], b[1] - a[1])).toBeCloseTo(120, 6);
    });
  }

  it('matches a brute-force search over rotations on random point clouds', () => {
    const next = random(7);
    for (let trial = 0; trial < 5; trial++) {
      const points = Array.from({ length: 25 }, (): PlanarPoint => [
        next() * 80,
        next() * 30 + next() * 20,
      ]);
      const area = minimumAreaRectangle(points).areaSquareMetres;
      const brute = bruteForceMinimumArea(points);
      expect(area).toBeLessThanOrEqual(brute + 1e-9);
      expect(area).toBeGreaterThan(brute * 0.999);
    }
  });

  it('reports an L-shaped building by its enclosing rectangle', () => {
    const lShape: PlanarPoint[] = [
      [0, 0],
      [60, 0],
      [60, 20],
      [20, 20],
      [20, 50],
      [0, 50],
    ];
    const rectangle = minimumAreaRectangle(lShape);
    expect(rectangle.lengthMetres).toBeCloseTo(60, 9);
    expect(rectangle.widthMetres).toBeCloseTo(50, 9);
    expect(rectangle.angleDegrees).toBeCloseTo(90, 9);
  });

  it('gives collinear points zero width and a single point zero size', () => {
    const line = minimumAreaRectangle([
      [0, 0],
      [3, 4],
      [6, 8],
    ]);
    expect(line.lengthMetres).toBeCloseTo(10, 9);
    expect(line.widthMetres).toBe(0);
    expect(line.angleDegrees).toBeCloseTo((Math.atan2(3, 4) * 180) / Math.PI, 9);
    const point = minimumAreaRectangle([[5, 5]]);
    expect(point.lengthMetres).toBe(0);
    expect(() => minimumAreaRectangle([])).toThrow(/at least one point/);
  });
});

describe('oriented rectangle of lon/lat footprints', () => {
  const wgs84 = geographicLib.Geodesic.WGS84;
  /** Corners walked out with geodesics from a centre (independent of the local projection). */
  function geodesicRectangle(
    latitude: number,
    lengthMetres: number,
    widthMetres: number,
    azimuth: number,
  ) {
    const move = (lat: number, lon: number, az: number, s: number) => {
      const r = wgs84.Direct(lat, lon, az, s);
      return [r.lon2 ?? NaN, r.lat2 ?? NaN] as const;
    };
    const corner = (s: number, t: number) => {
      const [lon, lat] = move(latitude, 127.5, azimuth, (s * lengthMetres) / 2);
      return move(lat, lon, azimuth + 90, (t * widthMetres) / 2);
    };
    const ring = [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)].map(([lon, lat]) => [
      lon,
      lat,
    ]);
    return [...ring, ring[0]];
  }

  for (const latitude of [0, 39.9, 65]) {
    it(`measures a 150 × 60 m building at azimuth 30° at ${latitude}° N`, () => {
      const rectangle = orientedRectangleLonLat(geodesicRectangle(latitude, 150, 60, 30));
      expect(Math.abs(rectangle.lengthMetres - 150)).toBeLessThan(1e-3);
      expect(Math.abs(rectangle.widthMetres - 60)).toBeLessThan(1e-3);
      expect(Math.abs(rectangle.angleDegrees - 30)).toBeLessThan(0.01);
      expect(rectangle.centre[0]).toBeCloseTo(127.5, 6);
      expect(rectangle.centre[1]).toBeCloseTo(latitude, 6);
    });
  }
});
