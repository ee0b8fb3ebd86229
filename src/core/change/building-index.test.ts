import { describe, expect, it, vi } from 'vitest';
import {
  buildingIndex,
  buildingIndexScalar,
  releaseLineOpeningsKernel,
  StructureCells,
} from './building-index.ts';
import { lineOpeningsWasmHex } from './line-openings-wasm.ts';
import { instantiateWasm } from '../wasm.ts';

// instantiateWasm as it is, counted: which tests build a new WebAssembly instance.
vi.mock('../wasm.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../wasm.ts')>();
  return { ...original, instantiateWasm: vi.fn(original.instantiateWasm) };
});
const lineOpeningsInstances = () =>
  vi.mocked(instantiateWasm).mock.calls.filter(([hex]) => hex === lineOpeningsWasmHex).length;

/** Opening by brute force: min over each centred window, then max over the same windows. */
function bruteOpening(
  image: Float32Array,
  w: number,
  h: number,
  dx: number,
  dy: number,
  length: number,
) {
  const steps = dx && dy ? length / Math.SQRT2 : length;
  const r = Math.max(1, Math.floor(steps / 2));
  const pass = (src: Float32Array, erode: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let v = erode ? Infinity : -Infinity;
        for (let t = -r; t <= r; t++) {
          const xx = x + t * dx;
          const yy = y + t * dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const s = src[yy * w + xx];
          v = erode ? Math.min(v, s) : Math.max(v, s);
        }
        out[y * w + x] = v;
      }
    return out;
  };
  return pass(pass(image, true), false);
}

function randomImage(w: number, h: number, seed: number) {
  let state = seed;
  return Float32Array.from({ length: w * h }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

/** The index by brute force: per direction, the short opening (or the image) minus the long one. */
function bruteIndex(image: Float32Array, w: number, h: number, length: number, shortest: number) {
  const index = new Float32Array(image.length).fill(Infinity);
  for (const [dx, dy] of [
    [1, 0],
    [0, 1],
    [1, 1],
    [-1, 1],
  ]) {
    const long = bruteOpening(image, w, h, dx, dy, length);
    const short = shortest >= 2 ? bruteOpening(image, w, h, dx, dy, shortest) : image;
    for (let k = 0; k < index.length; k++) index[k] = Math.min(index[k], short[k] - long[k]);
  }
  return index;
}

describe('buildingIndex against brute force', () => {
  it('equals it in every image shape, line length and shortest length', () => {
    for (const [w, h] of [
      [37, 23],
      [16, 41],
      [5, 5],
    ])
      for (const [length, shortest] of [
        [3, 0],
        [7, 0],
        [12, 3],
        [60, 8],
      ]) {
        const image = randomImage(w, h, w * 31 + h + length);
        const slow = Array.from(bruteIndex(image, w, h, length, shortest));
        const label = `${w}×${h} L=${length} S=${shortest}`;
        // buildingIndex runs the WebAssembly kernel wherever it can (Node and browsers can).
        expect(Array.from(buildingIndex(image, w, h, length, shortest)), label).toEqual(slow);
        expect(Array.from(buildingIndexScalar(image, w, h, length, shortest)), label).toEqual(slow);
      }
  });

  it('writes into the array given, even the image itself, the same values', () => {
    const image = randomImage(53, 47, 11);
    const expected = Array.from(buildingIndex(image, 53, 47, 20, 4));
    const copy = Float32Array.from(image);
    expect(buildingIndex(copy, 53, 47, 20, 4, copy)).toBe(copy);
    expect(Array.from(copy)).toEqual(expected);
  });

  // The four-lane kernel takes lines four at a time: groups cut by the image's edges, images
  // narrower or shorter than four lines, lines shorter than the opening's line.
  it("gives the scalar version's result exactly in images of every awkward shape", () => {
    for (const [w, h] of [
      [1, 1],
      [1, 9],
      [9, 1],
      [2, 3],
      [3, 7],
      [7, 3],
      [4, 4],
      [5, 6],
      [64, 64],
      [301, 211],
      [211, 301],
    ])
      for (const [length, shortest] of [
        [5, 3],
        [30, 0],
        [60, 8],
      ]) {
        const image = randomImage(w, h, w * 7 + h * 13 + length);
        const label = `${w}×${h} L=${length} S=${shortest}`;
        expect(Array.from(buildingIndex(image, w, h, length, shortest)), label).toEqual(
          Array.from(buildingIndexScalar(image, w, h, length, shortest)),
        );
      }
  });
});

describe('releaseLineOpeningsKernel', () => {
  it('lets the kernel go; the next index instantiates it again, with the same result', () => {
    const image = randomImage(301, 211, 9);
    const first = Array.from(buildingIndex(image, 301, 211, 40, 6));
    const instances = lineOpeningsInstances();
    expect(instances).toBeGreaterThan(0);
    // Kept between indexes…
    buildingIndex(image, 301, 211, 40, 6);
    expect(lineOpeningsInstances()).toBe(instances);
    // …until released: the next index builds a new instance (the JavaScript fallback would give
    // the same numbers, so the count is what shows it).
    releaseLineOpeningsKernel();
    expect(Array.from(buildingIndex(image, 301, 211, 40, 6))).toEqual(first);
    expect(lineOpeningsInstances()).toBe(instances + 1);
    expect(first).toEqual(Array.from(buildingIndexScalar(image, 301, 211, 40, 6)));
  });
});

describe('buildingIndex without WebAssembly', () => {
  it('falls back to the scalar version, with the same result', async () => {
    const image = randomImage(41, 29, 5);
    const expected = Array.from(buildingIndexScalar(image, 41, 29, 12, 3));
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('./building-index.ts');
      expect(Array.from(fresh.buildingIndex(image, 41, 29, 12, 3))).toEqual(expected);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('buildingIndex', () => {
  const w = 80;
  const h = 60;
  const ground = 0.2;
  const scene = (paint: (x: number, y: number) => number | null) =>
    Float32Array.from({ length: w * h }, (_, k) => paint(k % w, Math.floor(k / w)) ?? ground);

  it('is the roof’s contrast on a compact bright object and zero around it', () => {
    const image = scene((x, y) => (x >= 30 && x < 42 && y >= 20 && y < 30 ? 1 : null));
    const index = buildingIndex(image, w, h, 30);
    expect(index[25 * w + 35]).toBeCloseTo(0.8, 6);
    expect(index[5 * w + 5]).toBe(0);
    expect(index[25 * w + 50]).toBe(0);
  });

  it('is zero on a road, long in one direction, even when straight and diagonal', () => {
    const horizontal = scene((_, y) => (y >= 28 && y < 34 ? 1 : null));
    expect(Math.max(...buildingIndex(horizontal, w, h, 30))).toBe(0);
    const diagonal = scene((x, y) => (Math.abs(x - y - 10) <= 3 ? 1 : null));
    expect(Math.max(...buildingIndex(diagonal, w, h, 30))).toBe(0);
  });

  it('is zero on an object longer than the line, and on a uniform image at the edges', () => {
    const large = scene((x, y) => (x >= 10 && x < 70 && y >= 10 && y < 50 ? 1 : null));
    expect(Math.max(...buildingIndex(large, w, h, 30))).toBe(0);
    expect(
      Math.max(
        ...buildingIndex(
          scene(() => null),
          w,
          h,
          30,
        ),
      ),
    ).toBe(0);
  });

  it('does not mark a dark object (a shadow, a pond)', () => {
    const image = scene((x, y) => (x >= 30 && x < 42 && y >= 20 && y < 30 ? 0 : null));
    expect(Math.max(...buildingIndex(image, w, h, 30))).toBe(0);
  });
});

describe('StructureCells', () => {
  // 0.5 m pixels: 2 × 2 pixels per 1 m cell; three bands, a 24 m roof of 16 m appearing.
  const w = 120;
  const h = 100;
  const bands = [0, 1, 2].map(() => ({ gain: 1, offset: 0, scale: 100 }));
  const date = (
    roof: boolean,
    type: Uint8ArrayConstructor | Uint16ArrayConstructor = Uint8Array,
    texture = 0,
  ) =>
    [0, 1, 2].map((b) => {
      const band = new type(w * h);
      for (let k = 0; k < w * h; k++) {
        const x = k % w;
        const y = Math.floor(k / w);
        const inside = roof && x >= 40 && x < 88 && y >= 30 && y < 62;
        band[k] = (inside ? 200 - 10 * b : 40 + 5 * b) + ((k * 7919 + b * 31) % (texture + 1));
      }
      return band;
    });
  const gain = (
    score: Float32Array,
    allValid: boolean,
    type: Uint8ArrayConstructor | Uint16ArrayConstructor = Uint8Array,
    texture = 0,
  ) => {
    const cells = new StructureCells(0.5, w, h, bands, score);
    const before = date(false, type, texture);
    const after = date(true, Uint8Array, texture);
    // Row by row, as the pipeline adds them; after's rows as copies starting at the row.
    for (let y = 0; y < h; y++) {
      const rows = after.map((band) => Float32Array.from(band.subarray(y * w, (y + 1) * w)));
      cells.addRows(y, y + 1, { bands: before, shift: 0 }, { bands: rows, shift: y * w }, allValid);
    }
    return cells.gain(60, 8);
  };

  it('gains structure where a roof appeared, on 1 m cells, and none elsewhere', () => {
    const result = gain(new Float32Array(w * h), false);
    expect(result.factor).toBe(2);
    expect([result.width, result.height]).toEqual([60, 50]);
    // The roof's largest band went from 0.5 to 2 (in `scale` units): a gain of 1.5 on it.
    expect(result.values[23 * 60 + 32]).toBeCloseTo(1.5, 5);
    expect(result.values[5 * 60 + 5]).toBeCloseTo(0, 5);
  });

  it('leaves out pixels without data, and the short cut for whole valid rows changes nothing', () => {
    const valid = new Float32Array(w * h);
    // Whole rows take the WebAssembly sums (Uint8 before, Float32 after rows), the rest JavaScript.
    expect(Array.from(gain(valid, true).values)).toEqual(Array.from(gain(valid, false).values));
    expect(Array.from(gain(valid, true, Uint16Array).values)).toEqual(
      Array.from(gain(valid, false, Uint16Array).values),
    );
    // The top-left 10 × 10 pixels have no data: their cells are NaN.
    const partial = new Float32Array(w * h);
    for (let y = 0; y < 10; y++) partial.fill(NaN, y * w, y * w + 10);
    const values = gain(partial, false).values;
    expect(values[0]).toBeNaN();
    expect(values[4 * 60 + 4]).toBeNaN();
    expect(values[5 * 60 + 5]).toBeCloseTo(0, 5);
  });

  // A shifted pair has no data in the first or last pixels of every row: the cells between go to
  // WebAssembly, the cells at the ends to JavaScript, and the sums must not change.
  it('sums the same with and without WebAssembly, data missing at the rows’ ends', async () => {
    const score = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      score.fill(NaN, y * w, y * w + (y % 5));
      score.fill(NaN, (y + 1) * w - (y % 3), (y + 1) * w);
    }
    score[50 * w + 60] = NaN;
    // Textured, so that a pixel without data counted in a cell would move the cell's mean.
    const fill = (cells: StructureCells, before: Uint8Array[], after: Uint8Array[]) => {
      for (let y = 0; y < h; y++) {
        const rows = after.map((band) => Float32Array.from(band.subarray(y * w, (y + 1) * w)));
        cells.addRows(y, y + 1, { bands: before, shift: 0 }, { bands: rows, shift: y * w });
      }
      return cells;
    };
    const before = date(false, Uint8Array, 9) as Uint8Array[];
    const after = date(true, Uint8Array, 9) as Uint8Array[];
    const wasmCells = fill(new StructureCells(0.5, w, h, bands, score), before, after);
    const wasmMeans = wasmCells.means().map((m) => Array.from(m));
    const withWasm = Array.from(wasmCells.gain(60, 8).values);
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('./building-index.ts');
      const cells = fill(new fresh.StructureCells(0.5, w, h, bands, score), before, after);
      expect(cells.means().map((m) => Array.from(m))).toEqual(wasmMeans);
      expect(Array.from(cells.gain(60, 8).values)).toEqual(withWasm);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
