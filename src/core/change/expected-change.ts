// What change to expect of a pixel given what it looked like before. Seasons change whole classes
// of surface at once (every paddy yellows, every lawn browns, every crown turns), while a new
// building changes one place. The typical change vector of each before-colour cell (a coarse
// histogram of the before colours, median over a subsample) is subtracted from every pixel's change
// vector, so only change unusual for its kind of surface remains: a class-conditional CVA, in the
// spirit of post-classification comparison without training a classifier.
import type { PixelSamples } from './analysis-image.ts';
import { kthSmallest } from './order-statistics.ts';
import type { RadiometricNormalisation } from './radiometric-normalisation.ts';

export interface ExpectedChange {
  readonly levelsPerBand: number;
  /** Lower edge and cell width of each band, in normalised (before-scale) units. */
  readonly lower: Float64Array;
  readonly cellWidth: Float64Array;
  /** Median change vector per cell, `bandCount` values per cell (0 for sparse cells). */
  readonly medianChange: Float32Array;
}

export interface ExpectedChangeOptions {
  readonly levelsPerBand?: number;
  /** Cells with fewer samples keep a zero expectation: too few to tell a season from a site. */
  readonly minimumSamples?: number;
}

export function cellOf(expected: ExpectedChange, values: ArrayLike<number>): number {
  const { levelsPerBand, lower, cellWidth } = expected;
  let cell = 0;
  for (let k = lower.length - 1; k >= 0; k--) {
    let level = Math.floor((values[k] - lower[k]) / cellWidth[k]);
    if (level < 0) level = 0;
    else if (level >= levelsPerBand) level = levelsPerBand - 1;
    cell = cell * levelsPerBand + level;
  }
  return cell;
}

/** The median change per before-colour cell over the sampled pixels (see `sampleBothValid`). */
export function estimateExpectedChange(
  samples: PixelSamples,
  normalisation: RadiometricNormalisation,
  options: ExpectedChangeOptions = {},
): ExpectedChange {
  const levels = options.levelsPerBand ?? 8;
  const minimumSamples = options.minimumSamples ?? 50;
  const bandCount = samples.before.length;
  const n = samples.before[0]?.length ?? 0;
  const scaled = normalisation.bands.map(() => new Float64Array(n));
  const change = normalisation.bands.map(() => new Float64Array(n));
  normalisation.bands.forEach((b, k) => {
    const before = samples.before[k];
    const after = samples.after[k];
    for (let j = 0; j < n; j++) {
      scaled[k][j] = before[j] / b.scale;
      change[k][j] = (after[j] * b.gain + b.offset) / b.scale - scaled[k][j];
    }
  });
  // Cells span the 1st to 99th percentile of each band, so a few outliers do not waste levels.
  const lower = new Float64Array(bandCount);
  const cellWidth = new Float64Array(bandCount);
  for (let k = 0; k < bandCount; k++) {
    const values = Float64Array.from(scaled[k]);
    const lo = n ? kthSmallest(values, Math.floor(0.01 * (n - 1))) : 0;
    const hi = n ? kthSmallest(values, Math.floor(0.99 * (n - 1))) : 1;
    lower[k] = lo;
    cellWidth[k] = (hi - lo) / levels || 1;
  }
  const cellCount = levels ** bandCount;
  const medianChange = new Float32Array(cellCount * bandCount);
  const expected: ExpectedChange = { levelsPerBand: levels, lower, cellWidth, medianChange };
  const cells = new Int32Array(n);
  const values = new Float64Array(bandCount);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < bandCount; k++) values[k] = scaled[k][j];
    cells[j] = cellOf(expected, values);
  }
  // Group sample indices by cell (counting sort), then take per-band medians within each cell.
  const starts = new Int32Array(cellCount + 1);
  for (let j = 0; j < n; j++) starts[cells[j] + 1]++;
  for (let c = 0; c < cellCount; c++) starts[c + 1] += starts[c];
  const order = new Int32Array(n);
  const fill = starts.slice(0, cellCount);
  for (let j = 0; j < n; j++) order[fill[cells[j]]++] = j;
  for (let c = 0; c < cellCount; c++) {
    const from = starts[c];
    const to = starts[c + 1];
    if (to - from < minimumSamples) continue;
    for (let k = 0; k < bandCount; k++) {
      const members = new Float64Array(to - from);
      for (let m = from; m < to; m++) members[m - from] = change[k][order[m]];
      medianChange[c * bandCount + k] = kthSmallest(members, members.length >> 1);
    }
  }
  return expected;
}
