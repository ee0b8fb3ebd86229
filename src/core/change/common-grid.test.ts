import { describe, expect, it } from 'vitest';
import {
  bandsOnGrid,
  meshMapping,
  ResampledOnGrid,
  resampleBilinear,
  resampleNearest,
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

describe('ResampledOnGrid', () => {
  const width = 37;
  const height = 23;
  const mapping = meshMapping(width, height, (c, r) => [c, r], 8, { x: 0.37, y: 0.81 });
  const read = (grid: ResampledOnGrid, row: number, firstColumn: number, count: number) => {
    const bands = [new Float32Array(count + 3)];
    const valid = new Uint8Array(count + 3);
    grid.span({ row, firstColumn, columnStep: 1, count }, { bands, valid, offset: 3 });
    return { values: Array.from(bands[0].subarray(3)), valid: Array.from(valid.subarray(3)) };
  };

  it("reads what a whole-grid copy in the source's integer type would hold: rounded as Math.round", () => {
    const values = Array.from({ length: width * height }, (_, k) => (k * 7919) % 251);
    for (const band of [
      Uint8Array.from(values),
      Uint16Array.from(values, (v) => v * 3),
      Int16Array.from(values, (v) => v - 120),
    ]) {
      const source = { width, height, bands: [band], noData: null };
      const whole = resampleBilinear(source, [0], mapping);
      const grid = new ResampledOnGrid(source, [0], mapping, null);
      expect([grid.width, grid.height, grid.bandCount]).toEqual([width, height, 1]);
      for (const row of [0, 11, height - 1]) {
        const { values, valid } = read(grid, row, 5, 20);
        const expected = Array.from(whole.bands[0].subarray(row * width + 5, row * width + 25));
        expect(values).toEqual(expected.map((v) => Math.round(v)));
        expect(valid).toEqual(Array.from(whole.valid.subarray(row * width + 5, row * width + 25)));
      }
      // Some values fall between integers, so the rounding is tested, not assumed.
      expect(whole.bands[0].some((v) => v !== Math.round(v))).toBe(true);
    }
  });

  it('keeps float sources unrounded, and 0 where the source has no data', () => {
    const band = Float32Array.from({ length: width * height }, (_, k) => 1 + (k % 13) / 7);
    band[4 * width + 10] = -9999;
    const source = { width, height, bands: [band], noData: -9999 };
    const grid = new ResampledOnGrid(
      source,
      [0],
      mapping,
      new Uint8Array(band.map((v) => (v === -9999 ? 0 : 1))),
    );
    const whole = resampleBilinear(source, [0], mapping);
    const { values, valid } = read(grid, 3, 0, width);
    expect(values).toEqual(Array.from(whole.bands[0].subarray(3 * width, 4 * width)));
    expect(values[9]).toBe(0);
    expect(valid[9]).toBe(0);
    expect(values.some((v) => v !== Math.round(v))).toBe(true);
  });
});

describe('bandsOnGrid', () => {
  it('reads runs of bands already on the grid, every columnStep-th pixel; valid where any band is not 0', () => {
    const bands = [
      Uint8Array.from({ length: 40 }, (_, k) => k % 3),
      Uint8Array.from({ length: 40 }, (_, k) => (k % 5 === 0 ? 0 : 9)),
    ];
    const grid = bandsOnGrid(bands, 10, 4);
    const out = [new Float32Array(4), new Float32Array(4)];
    const valid = new Uint8Array(4);
    const count = grid.span(
      { row: 2, firstColumn: 1, columnStep: 2, count: 4 },
      { bands: out, valid, offset: 0 },
    );
    // Pixels 21, 23, 25 and 27.
    expect(Array.from(out[0])).toEqual([0, 2, 1, 0]);
    expect(Array.from(out[1])).toEqual([9, 9, 0, 9]);
    expect(Array.from(valid)).toEqual([1, 1, 1, 1]);
    expect(count).toBe(4);
    grid.span(
      { row: 2, firstColumn: 5, columnStep: 1, count: 1 },
      { bands: out, valid, offset: 0 },
    );
    expect(valid[0]).toBe(1);
    grid.span(
      { row: 3, firstColumn: 0, columnStep: 1, count: 1 },
      { bands: out, valid, offset: 0 },
    );
    expect([out[0][0], out[1][0], valid[0]]).toEqual([0, 0, 0]);
  });
});
