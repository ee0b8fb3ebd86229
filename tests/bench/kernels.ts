// `npm run bench:kernels`: the per-pixel kernels that run in WebAssembly, each against its
// JavaScript path on the same data (the figures docs/benchmarks.md quotes): the score pass's
// resampling and score over 4096 rows of 4096 pixels, the predictor over 512 RGB tiles of 256²,
// and, for the de-interleaving left in JavaScript, its cost beside the copy a WebAssembly
// version could not avoid. Five rounds each; the first warms the JIT and is not reported.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { ChangeScorer } from '../../src/core/change/change-score.ts';
import { BilinearResampler, meshMapping } from '../../src/core/change/common-grid.ts';
import { ScorePassKernel } from '../../src/core/change/score-pass-kernel.ts';
import { ThreeByteBands } from '../../src/core/raster/three-byte-bands.ts';

const rounds = 5;
/** Milliseconds of each round after the first. */
function time(run: () => void): number[] {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.slice(1);
}
const range = (values: number[], per = 1) => {
  const scaled = values.map((v) => v / per);
  return `${Math.min(...scaled).toFixed(1)}–${Math.max(...scaled).toFixed(1)}`;
};

/** 512 tiles of 256² RGB bytes through the predictor (run alone when WebAssembly is removed). */
async function predictorMilliseconds(): Promise<number[]> {
  const { undoHorizontalPredictor } = await import('../../src/core/raster/predictor.ts');
  const tile = new Uint8Array(256 * 256 * 3);
  for (let i = 0; i < tile.length; i++) tile[i] = (i * 31 + (i >> 9)) & 255;
  return time(() => {
    for (let k = 0; k < 512; k++) undoHorizontalPredictor(tile, 256, 256, 3, 8);
  });
}

if (process.argv.includes('--predictor-without-webassembly')) {
  (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
  process.stdout.write(JSON.stringify(await predictorMilliseconds()));
  process.exit(0);
}

const width = 4096;
const height = 4096;
const pixels = width * height;
const noise = (seed: number) => {
  const band = new Uint8Array(pixels);
  let state = seed;
  for (let i = 0; i < pixels; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    band[i] = state >>> 24;
  }
  return band;
};
const before = [1, 2, 3].map(noise);
const after = [4, 5, 6].map(noise);

// The score: tables over 8 levels a band, every row with invalid columns at its ends (a shifted
// pair), as the pipeline's pass has it.
const normalisation = {
  bands: [1.02, 0.97, 1.1].map((gain, k) => ({ gain, offset: k - 1, scale: 11 + k })),
  invariantFraction: 0.5,
};
const levels = 8;
const expected = {
  levelsPerBand: levels,
  lower: Float64Array.of(0, 0, 0),
  cellWidth: Float64Array.of(2.5, 2.5, 2.5),
  medianChange: Float32Array.from({ length: levels ** 3 * 3 }, (_, i) => ((i % 7) - 3) / 10),
};
const kernel = ScorePassKernel.create(3 * 65536 * 12 + 65536 + 64 * width)!;
const pinned = kernel.pinRows(3, width)!;
const plainRows = {
  bands: [0, 1, 2].map(() => new Float32Array(width)),
  valid: new Uint8Array(width),
};
for (const rows of [pinned, plainRows]) {
  rows.bands.forEach((row, b) => row.set(Float32Array.from(after[b].subarray(0, width))));
  rows.valid.fill(1);
  rows.valid.fill(0, 0, 2);
  rows.valid.fill(0, width - 3);
}
const score = new Float32Array(pixels);
const scorePass = (scorer: ChangeScorer, rows: typeof pinned) => () => {
  for (let row = 0; row < height; row++)
    scorer.score(
      { bands: before, valid: null, offset: row * width },
      { bands: rows.bands, valid: rows.valid, offset: 0 },
      score,
      row * width,
      width,
    );
};
const scoreWasm = time(scorePass(new ChangeScorer(normalisation, { expected }, kernel), pinned));
const scoreJs = time(scorePass(new ChangeScorer(normalisation, { expected }), plainRows));

// The resampling of three bands under a sub-pixel translation, row by row.
const source = { width, height, bands: after, noData: null };
const mapping = meshMapping(width, height, (c, r) => [c, r], 16, { x: 2.37, y: -1.61 });
const resample = (resampler: BilinearResampler, rows: typeof pinned) => () => {
  for (let row = 0; row < height; row++)
    resampler.span({ row, firstColumn: 0, columnStep: 1, count: width }, { ...rows, offset: 0 });
};
const resampleWasm = time(
  resample(new BilinearResampler(source, [0, 1, 2], mapping, null, kernel), pinned),
);
const resampleJs = time(
  resample(new BilinearResampler(source, [0, 1, 2], mapping, null), plainRows),
);

const predictorWasm = await predictorMilliseconds();
const child = spawnSync(
  process.execPath,
  ['--import', 'tsx', import.meta.filename, '--predictor-without-webassembly'],
  { encoding: 'utf8' },
);
const predictorJs = JSON.parse(child.stdout) as number[];

// De-interleaving 512 RGB tiles into three 4096² bands, and copying three finished planes out
// row by row (what a WebAssembly de-interleaver would still have to do).
const tile = new Uint8Array(256 * 256 * 3).map((_, i) => i * 7);
const place = (k: number, y: number) => (((k >> 4) % 16) * 256 + y) * width + (k % 16) * 256;
const deinterleave = time(() => {
  for (let k = 0; k < 512; k++) {
    const rows = new ThreeByteBands(before, tile, 3, [0, 1, 2]);
    for (let y = 0; y < 256; y++) rows.copy(place(k, y), y * 768, 256);
  }
});
const plane = new Uint8Array(256 * 256);
const copyOut = time(() => {
  for (let k = 0; k < 512; k++)
    for (const band of before)
      for (let y = 0; y < 256; y++) band.set(plane.subarray(y * 256, y * 256 + 256), place(k, y));
});

const nanosecondsPerPixel = (ms: number[]) => range(ms, pixels / 1e6);
console.log(
  JSON.stringify(
    {
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown'}`,
      node: process.version,
      nanosecondsPerPixel: {
        score: {
          webAssembly: nanosecondsPerPixel(scoreWasm),
          javaScript: nanosecondsPerPixel(scoreJs),
        },
        resampleThreeBands: {
          webAssembly: nanosecondsPerPixel(resampleWasm),
          javaScript: nanosecondsPerPixel(resampleJs),
        },
      },
      milliseconds512RgbTiles: {
        predictor: { webAssembly: range(predictorWasm), javaScript: range(predictorJs) },
        deinterleave: range(deinterleave),
        copyThreePlanesOut: range(copyOut),
      },
    },
    null,
    2,
  ),
);
