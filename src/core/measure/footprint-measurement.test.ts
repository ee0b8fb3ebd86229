import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { densifiedQuadrangle, zoneAreaSquareMetres } from './ellipsoid-closed-form.test-support.ts';
import { areaRangeSquareMetres, measureFootprint } from './footprint-measurement.ts';
import { localProjectionAt } from './local-projection.ts';

/** A w × h metre rectangle, axis-aligned in a transverse Mercator plane centred on it. */
function metricRectangle(longitude: number, latitude: number, w: number, h: number): Polygon {
  const projection = localProjectionAt([longitude, latitude]);
  const corners: [number, number][] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  const ring = corners.map((corner) => projection.inverse(corner));
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

describe('measureFootprint', () => {
  for (const latitude of [0, 39.9, 60]) {
    it(`measures a 100 × 40 m building at ${latitude}°`, () => {
      const measurement = measureFootprint(metricRectangle(127.5, latitude, 100, 40));
      // Transverse Mercator is within 10⁻⁸ of true scale this close to its centre.
      expect(measurement.areaSquareMetres).toBeCloseTo(4000, 3);
      expect(measurement.perimeterMetres).toBeCloseTo(280, 4);
      expect(measurement.lengthMetres).toBeCloseTo(100, 4);
      expect(measurement.widthMetres).toBeCloseTo(40, 4);
      expect(measurement.angleDegrees).toBeCloseTo(90, 4);
      expect(measurement.areaRange).toBeNull();
    });
  }

  it('agrees with the closed-form ellipsoidal area of a quadrangle', () => {
    const ring = densifiedQuadrangle(127.53, 39.9, 127.532, 39.9015, 100);
    const measurement = measureFootprint({ type: 'Polygon', coordinates: [ring] });
    const expected = zoneAreaSquareMetres(39.9, 39.9015, 0.002);
    expect(Math.abs(measurement.areaSquareMetres / expected - 1)).toBeLessThan(1e-7);
  });

  it('gives the area range of the outline shrunk and grown by half a pixel', () => {
    const [w, h, gsdMetres] = [100, 40, 0.5];
    const d = gsdMetres / 2;
    const range = measureFootprint(metricRectangle(127.5, 39.9, w, h), { gsdMetres }).areaRange;
    // Erosion keeps square corners; dilation by a disc rounds them (Minkowski sum).
    expect(range?.marginMetres).toBe(0.25);
    expect(Math.abs((range?.minimumSquareMetres ?? 0) - (w - 2 * d) * (h - 2 * d))).toBeLessThan(
      0.05,
    );
    expect(
      Math.abs((range?.maximumSquareMetres ?? 0) - (w * h + 2 * (w + h) * d + Math.PI * d * d)),
    ).toBeLessThan(0.05);
  });

  it('grows the range with the pixel size and keeps it around the area', () => {
    const building = metricRectangle(127.5, 39.9, 60, 25);
    const fine = areaRangeSquareMetres(building, 0.15);
    const coarse = areaRangeSquareMetres(building, 1.5);
    expect(coarse.minimumSquareMetres).toBeLessThan(fine.minimumSquareMetres);
    expect(coarse.maximumSquareMetres).toBeGreaterThan(fine.maximumSquareMetres);
    expect(fine.minimumSquareMetres).toBeLessThan(1500);
    expect(fine.maximumSquareMetres).toBeGreaterThan(1500);
  });

  it('reports zero as the smallest area of an outline thinner than the margin', () => {
    const range = areaRangeSquareMetres(metricRectangle(127.5, 39.9, 0.4, 0.4), 0.5);
    expect(range.minimumSquareMetres).toBe(0);
    expect(range.maximumSquareMetres).toBeGreaterThan(0.16);
  });

  it('rejects a pixel size that is not a positive distance', () => {
    const building = metricRectangle(127.5, 39.9, 10, 10);
    expect(() => measureFootprint(building, { gsdMetres: 0 })).toThrow(/ground sample distance/);
    expect(() => measureFootprint(building, { gsdMetres: Number.NaN })).toThrow(
      /ground sample distance/,
    );
  });
});
