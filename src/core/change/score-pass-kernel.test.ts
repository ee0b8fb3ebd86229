import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SampleArray } from '../raster/types.ts';
import { ChangeScorer } from './change-score.ts';
import { BilinearResampler, meshMapping } from './common-grid.ts';
import { prepareChanges, type GeoImage } from './detect-changes.ts';
import type { ExpectedChange } from './expected-change.ts';
import type { RadiometricNormalisation } from './radiometric-normalisation.ts';
import { utm52 } from '../../../tests/bench/synthetic-pair.ts';
import { ScorePassKernel } from './score-pass-kernel.ts';

// The kernels must give the JavaScript path's bits exactly (the score raster, hence the mask and
// the polygons, may not depend on whether the browser has WebAssembly), so every comparison here
// is of the float32 bit patterns, NaN included.
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** A deterministic pseudo-random sample sequence (a 32-bit LCG). */
function noise(seed: number, n: number, range: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * range;
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('ScorePassKernel.translate', () => {
  const width = 37;
  const height = 9;
  const sources: [string, SampleArray][] = [
    ['Uint8', Uint8Array.from(noise(1, width * height, 256), Math.floor)],
    ['Uint16', Uint16Array.from(noise(2, width * height, 65536), Math.floor)],
    ['Float32', Float32Array.from(noise(3, width * height, 1000), (v) => v - 300)],
  ];
  for (const [name, samples] of sources)
    it(`resamples ${name} rows under a translation as the JavaScript loop does`, () => {
      const valid = new Uint8Array(width * height).fill(1);
      valid[3 * width + 7] = 0;
      const source = { width, height, bands: [samples], noData: null };
      const mapping = meshMapping(width, height, (c, r) => [c, r], 8, { x: 1.37, y: -0.61 });
      const kernel = ScorePassKernel.create()!;
      expect(kernel).not.toBeNull();
      const withKernel = new BilinearResampler(source, [0], mapping, valid, kernel);
      const withoutKernel = new BilinearResampler(source, [0], mapping, valid);
      // Into the kernel's own memory (in place) and into an ordinary array (copied out).
      const pinned = kernel.pinRows(1, width)!;
      for (let row = 0; row < height; row++) {
        const run = { row, firstColumn: 0, columnStep: 1, count: width };
        const expected = {
          bands: [new Float32Array(width)],
          valid: new Uint8Array(width),
          offset: 0,
        };
        const copied = {
          bands: [new Float32Array(width)],
          valid: new Uint8Array(width),
          offset: 0,
        };
        const inPlace = { bands: pinned.bands, valid: pinned.valid, offset: 0 };
        const count = withoutKernel.span(run, expected);
        expect(withKernel.span(run, copied)).toBe(count);
        expect(bits(copied.bands[0])).toEqual(bits(expected.bands[0]));
        expect(withKernel.span(run, inPlace)).toBe(count);
        expect(bits(inPlace.bands[0])).toEqual(bits(expected.bands[0]));
        expect(Array.from(inPlace.valid)).toEqual(Array.from(expected.valid));
      }
    });

  it('declines sample types it has no kernel for', () => {
    const kernel = ScorePassKernel.create()!;
    const out = new Float32Array(4);
    expect(kernel.translate(new Int16Array(20), 10, 0, out, 0, 4, [0.25, 0.25, 0.25, 0.25])).toBe(
      false,
    );
  });
});

describe('ChangeScorer with the kernel', () => {
  const normalisation: RadiometricNormalisation = {
    bands: [
      { gain: 1.031, offset: -2.5, scale: 11.7 },
      { gain: 0.97, offset: 3.25, scale: 9.1 },
      { gain: 1.2, offset: 0.5, scale: 14.3 },
    ],
    invariantFraction: 0.6,
  } as RadiometricNormalisation;
  const levels = 8;
  const expected: ExpectedChange = {
    levelsPerBand: levels,
    lower: Float64Array.of(0.5, 1, 0.25),
    cellWidth: Float64Array.of(2.5, 3, 2),
    medianChange: Float32Array.from(noise(4, levels ** 3 * 3, 2), (v) => v - 1),
  };
  const n = 1000;

  for (const [name, range, make] of [
    ['Uint8', 256, (v: number[]) => Uint8Array.from(v, Math.floor)],
    ['Uint16', 4096, (v: number[]) => Uint16Array.from(v, Math.floor)],
  ] as const)
    it(`scores ${name} before samples to the same bits, nodata on both dates`, () => {
      const before = [5, 6, 7].map((seed) => make(noise(seed, n, range)));
      const after = [8, 9, 10].map((seed) => Float32Array.from(noise(seed, n, range)));
      const beforeValid = Uint8Array.from(noise(11, n, 1), (v) => (v < 0.1 ? 0 : 1));
      const afterValid = Uint8Array.from(noise(12, n, 1), (v) => (v < 0.1 ? 0 : 1));
      const javaScript = new ChangeScorer(normalisation, { expected });
      const kernel = ScorePassKernel.create(1 << 20)!;
      const withKernel = new ChangeScorer(normalisation, { expected }, kernel);
      const score = vi.spyOn(kernel, 'score');
      for (const [bv, av] of [
        [null, null],
        [beforeValid, null],
        [null, afterValid],
        [beforeValid, afterValid],
      ]) {
        // Offsets into the middle of the arrays, as the pipeline's rows are.
        const a = new Float32Array(n - 100);
        const b = new Float32Array(n - 100);
        const runs = [
          { bands: before, valid: bv, offset: 60 },
          { bands: after, valid: av, offset: 40 },
        ] as const;
        javaScript.score(runs[0], runs[1], a, 0, n - 100);
        withKernel.score(runs[0], runs[1], b, 0, n - 100);
        expect(bits(b)).toEqual(bits(a));
        expect(a.some(Number.isNaN)).toBe(bv !== null || av !== null);
      }
      // The kernel ran, and said so: the equality above is not JavaScript against itself.
      expect(score.mock.results.every((r) => r.value === true)).toBe(true);
      expect(score).toHaveBeenCalledTimes(4);
    });

  it('falls back to JavaScript where its memory may not grow, with the same result', () => {
    const kernel = ScorePassKernel.create()!;
    // Rows handed out pin the memory at its one page; a row of 4 000 pixels needs more scratch.
    expect(kernel.pinRows(3, 1000)).not.toBeNull();
    const width = 4000;
    const before = [1, 2, 3].map((seed) => Uint8Array.from(noise(seed, width, 256), Math.floor));
    const after = [4, 5, 6].map((seed) => Float32Array.from(noise(seed, width, 256)));
    const expectedScore = new Float32Array(width);
    const score = new Float32Array(width);
    new ChangeScorer(normalisation, { expected }).score(
      { bands: before, valid: null, offset: 0 },
      { bands: after, valid: null, offset: 0 },
      expectedScore,
      0,
      width,
    );
    const scorer = new ChangeScorer(normalisation, { expected }, kernel);
    const call = vi.spyOn(kernel, 'score');
    const run = [
      { bands: before, valid: null, offset: 0 },
      { bands: after, valid: null, offset: 0 },
    ] as const;
    scorer.score(run[0], run[1], score, 0, width);
    expect(call.mock.results[0].value).toBe(false);
    expect(bits(score)).toEqual(bits(expectedScore));
  });
});

describe('the score pass with and without WebAssembly', () => {
  it('gives the same score raster on a shifted pair with nodata', () => {
    const width = 96;
    const height = 80;
    const image = (seed: number, noDataAt: number): GeoImage => {
      const bands = [0, 1, 2].map((k) =>
        Uint8Array.from({ length: width * height }, (_, i) => {
          const x = i % width;
          const y = Math.floor(i / width);
          const v = 60 + 40 * Math.sin(x / 5 + k) * Math.cos(y / 7) + ((i * seed) % 13);
          return i >= noDataAt && i < noDataAt + 50 ? 0 : Math.max(1, Math.round(v));
        }),
      );
      return {
        width,
        height,
        bands,
        noData: 0,
        colorInterpretations: ['Red', 'Green', 'Blue'],
        geoTransform: [371000 + seed * 0.35, 0.5, 0, 4418000 - seed * 0.2, 0, -0.5],
        crs: utm52,
      };
    };
    const before = image(1, 2000);
    const after = image(3, 5000);
    const options = { structureLengthMetres: 0 };
    const translate = vi.spyOn(ScorePassKernel.prototype, 'translate');
    const score = vi.spyOn(ScorePassKernel.prototype, 'score');
    const withKernel = prepareChanges(before, after, options);
    // Both kernels ran on the pass (a row wholly outside after has no interior to translate).
    expect(translate.mock.results.filter((r) => r.value === true).length).toBeGreaterThan(height);
    expect(score.mock.results.filter((r) => r.value === true).length).toBe(height);
    translate.mockRestore();
    score.mockRestore();
    vi.stubGlobal('WebAssembly', undefined);
    expect(ScorePassKernel.create()).toBeNull();
    const without = prepareChanges(before, after, options);
    expect(withKernel.score.some(Number.isNaN)).toBe(true);
    expect(bits(withKernel.score)).toEqual(bits(without.score));
  });
});
