import { describe, expect, it } from 'vitest';
import {
  densifiedQuadrangle,
  meridianArcMetres,
  parallelArcMetres,
  zoneAreaSquareMetres,
} from './ellipsoid-closed-form.test-support.ts';
import {
  geodesicAreaSquareMetres,
  geodesicDistanceMetres,
  geodesicOuterPerimeterMetres,
  geodesicPerimeterMetres,
} from './geodesic.ts';

describe('geodesic area on WGS 84', () => {
  // Quadrangles of about 100 m to 1 km at the equator, mid-latitudes (Hamhung is near 39.9° N)
  // and high latitudes; the parallels are densified so geodesic edges follow them.
  const cases = [
    { south: 0, span: 0.01 },
    { south: 39.9, span: 0.001 },
    { south: 45, span: 0.01 },
    { south: 60, span: 0.002 },
    { south: -70, span: 0.005 },
  ];
  for (const { south, span } of cases) {
    it(`matches the closed-form zone area at ${south}°`, () => {
      const north = south + span;
      const ring = densifiedQuadrangle(127.5, south, 127.5 + span, north, 200);
      const expected = zoneAreaSquareMetres(south, north, span);
      expect(geodesicAreaSquareMetres([ring])).toBeGreaterThan(0);
      expect(Math.abs(geodesicAreaSquareMetres([ring]) / expected - 1)).toBeLessThan(1e-7);
    });
  }

  it('is the same whichever way the ring runs, closed or not', () => {
    const ring = densifiedQuadrangle(127.5, 39.9, 127.501, 39.901, 4);
    const reversed = [...ring].reverse();
    const open = ring.slice(0, -1);
    const area = geodesicAreaSquareMetres([ring]);
    expect(geodesicAreaSquareMetres([reversed])).toBeCloseTo(area, 6);
    expect(geodesicAreaSquareMetres([open])).toBeCloseTo(area, 6);
  });

  it('subtracts holes, and adds the parts of a MultiPolygon', () => {
    const outer = densifiedQuadrangle(127.5, 39.9, 127.502, 39.902, 20);
    const hole = densifiedQuadrangle(127.5005, 39.9005, 127.5015, 39.9015, 20).reverse();
    const outerArea = zoneAreaSquareMetres(39.9, 39.902, 0.002);
    const holeArea = zoneAreaSquareMetres(39.9005, 39.9015, 0.001);
    const withHole = geodesicAreaSquareMetres({ type: 'Polygon', coordinates: [outer, hole] });
    expect(Math.abs(withHole / (outerArea - holeArea) - 1)).toBeLessThan(1e-6);
    const both = geodesicAreaSquareMetres({
      type: 'MultiPolygon',
      coordinates: [[outer], [densifiedQuadrangle(127.6, 39.9, 127.601, 39.901, 20)]],
    });
    expect(
      Math.abs(both / (outerArea + zoneAreaSquareMetres(39.9, 39.901, 0.001)) - 1),
    ).toBeLessThan(1e-6);
  });
});

describe('geodesic lengths on WGS 84', () => {
  it('measures meridian arcs like the integral of the meridional radius', () => {
    for (const south of [0, 39.9, 75]) {
      const length = geodesicDistanceMetres([127.5, south], [127.5, south + 0.01]);
      expect(Math.abs(length / meridianArcMetres(south, south + 0.01) - 1)).toBeLessThan(1e-9);
    }
  });

  it('gives a quadrangle the perimeter of its meridian and parallel arcs', () => {
    const [south, span] = [39.9, 0.002];
    const ring = densifiedQuadrangle(127.5, south, 127.5 + span, south + span, 100);
    const expected =
      2 * meridianArcMetres(south, south + span) +
      parallelArcMetres(south, span) +
      parallelArcMetres(south + span, span);
    expect(Math.abs(geodesicPerimeterMetres([ring]) / expected - 1)).toBeLessThan(1e-7);
  });

  it('counts holes in the boundary length but not in the outline', () => {
    const outer = densifiedQuadrangle(127.5, 39.9, 127.502, 39.902, 4);
    const hole = densifiedQuadrangle(127.5005, 39.9005, 127.5015, 39.9015, 4);
    const holeLength = geodesicPerimeterMetres([hole]);
    expect(holeLength).toBeGreaterThan(300);
    expect(
      geodesicPerimeterMetres([outer, hole]) - geodesicOuterPerimeterMetres([outer, hole]),
    ).toBeCloseTo(holeLength, 6);
  });
});
