import { describe, expect, it } from 'vitest';
import {
  meshMapping,
  resampledBandLike,
  resampleBilinear,
  resampleNearest,
  storeResampledRow,
} from './common-grid.ts';
import { matchBands } from './band-matching.ts';

describe('resampleBilinear', () => {
  // A plane a + b·x + c·y is reproduced exactly by bilinear interpolation, so any sampling error
  // of the mapping or of the weights shows up directly.
  const width = 40;
  const height = 30;
  const plane = (x: number, y: number) => 5 + 2 * x - 3 * y;
  const ramp = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) ramp[y * width + x] = plane(x, y);

  it('samples a shifted, rescaled grid through the mesh exactly', () => {
    // Analysis grid of 0.5 source pixels, origin 3.25 source pixels right, 2 down.
    const mapping = meshMapping(50, 40, (c, r) => [3.25 + c * 0.5, 2 + r * 0.5], 16);
    const image = resampleBilinear({ width, height, bands: [ramp], noData: null }, [0], mapping);
    for (const [c, r] of [
      [0, 0],
      [17, 33],
      [49, 39],
    ]) {
      const k = r * 50 + c;
      expect(image.valid[k]).toBe(1);
      expect(image.bands[0][k]).toBeCloseTo(
        plane(3.25 + (c + 0.5) * 0.5 - 0.5, 2 + (r + 0.5) * 0.5 - 0.5),
        4,
      );
    }
  });

  it('folds a co-registration shift into the mapping and marks outside pixels invalid', () => {
    const mapping = meshMapping(width, height, (c, r) => [c, r], 8, { x: 1.5, y: -0.25 });
    const image = resampleBilinear({ width, height, bands: [ramp], noData: null }, [0], mapping);
    expect(image.bands[0][10 * width + 10]).toBeCloseTo(plane(11.5, 9.75), 4);
    expect(image.valid[0]).toBe(1);
    expect(image.valid[10 * width + width - 1]).toBe(0);
  });

  it('takes the union of nodata: a nodata source pixel spoils its neighbours', () => {
    const bands = [Uint8Array.from(ramp, (v) => Math.max(1, Math.min(250, v)))];
    bands[0][5 * width + 5] = 0;
    const mapping = meshMapping(width, height, (c, r) => [c + 0.5, r + 0.5]);
    const image = resampleBilinear({ width, height, bands, noData: 0 }, [0], mapping);
    expect(image.valid[5 * width + 5]).toBe(0);
    expect(image.valid[4 * width + 4]).toBe(0);
    expect(image.valid[3 * width + 3]).toBe(1);
  });

  it('resamples masks by nearest neighbour without blending classes', () => {
    const mask = new Uint8Array(width * height);
    mask.fill(1, 0, width * 10);
    const mapping = meshMapping(20, 15, (c, r) => [c * 2, r * 2]);
    const result = resampleNearest(mask, width, height, mapping);
    expect(new Set(result)).toEqual(new Set([0, 1]));
    expect(result[4 * 20]).toBe(1);
    expect(result[6 * 20]).toBe(0);
  });
});

describe('matchBands', () => {
  it('pairs bands by colour interpretation whatever their order, and finds NIR', () => {
    const match = matchBands(['Red', 'Green', 'Blue'], ['Blue', 'Green', 'Red', 'NIR']);
    expect(match.pairs.map((p) => [p.beforeBand, p.afterBand])).toEqual([
      [0, 2],
      [1, 1],
      [2, 0],
    ]);
    expect(match.afterNirBand).toBe(3);
    expect(match.beforeNirBand).toBeNull();
  });

  it('falls back to position only when neither image labels its bands', () => {
    expect(
      matchBands(['Undefined', 'Undefined'], ['Undefined', 'Undefined', 'Undefined']).pairs,
    ).toHaveLength(2);
    expect(() => matchBands(['NIR'], ['Red', 'Green', 'Blue'])).toThrow(/No band/);
  });
});

describe('storeResampledRow', () => {
  it("keeps resampled rows in the source's type, rounded as Math.round, at any offset", () => {
    const row = Float32Array.from({ length: 37 }, (_, j) => (j * 7.37) % 255.4);
    for (const source of [new Uint8Array(1), new Uint16Array(1), new Int16Array(1)]) {
      for (const offset of [0, 3, 4, 13]) {
        const band = resampledBandLike(source, 64);
        expect(band.constructor).toBe(source.constructor);
        storeResampledRow(band, offset, row);
        expect(Array.from(band.subarray(offset, offset + row.length))).toEqual(
          Array.from(row, (v) => Math.round(v)),
        );
        expect(band[offset + row.length]).toBe(0);
      }
    }
    expect(resampledBandLike(new Float64Array(1), 4)).toBeInstanceOf(Float32Array);
  });
});
