// Stage 5: the score threshold that separates changed from unchanged pixels. Otsu (1979) maximises
// the between-class variance; Kittler & Illingworth (1986) fit two Gaussians by minimum error.
// Otsu always splits a histogram in two, even the unimodal one of an unchanged pair (measured: 48 %
// of an unchanged aerial pair above its cut), so by default it is floored at a robust noise level,
// median + 1·MAD·1.4826. Kittler–Illingworth's criterion already puts the cut in the tail of a
// unimodal histogram (0.1 % on the same pair) and a floor only cost recall on LEVIR-CD (F1 0.13 →
// 0.09), so it has none by default. Either way the result says whether the floor won.

export type ThresholdMethod = 'otsu' | 'ki';

export interface ScoreHistogram {
  readonly counts: Float64Array;
  readonly minimum: number;
  readonly binWidth: number;
  readonly total: number;
  readonly median: number;
  /** Median absolute deviation from the median. */
  readonly mad: number;
}

export interface ThresholdResult {
  readonly value: number;
  readonly method: ThresholdMethod | 'user';
  /** What the automatic method alone gave (equal to `value` unless the noise floor won). */
  readonly automaticValue: number | null;
  /** True when the noise floor replaced the method's value: the histogram had no second mode. */
  readonly flooredToNoise: boolean;
  readonly changedFraction: number;
}

/** The smallest and largest score over [start, end); NaN (nodata) is ignored. */
export interface ScoreRange {
  readonly minimum: number;
  readonly maximum: number;
}

export function scoreRange(score: Float32Array, start = 0, end = score.length): ScoreRange {
  let minimum = Infinity;
  let maximum = -Infinity;
  // Comparisons with NaN are false, so nodata needs no test of its own.
  for (let i = start; i < end; i++) {
    const v = score[i];
    if (v > maximum) maximum = v;
    if (v < minimum) minimum = v;
  }
  return { minimum, maximum };
}

/**
 * Histogram of the finite scores; the top 0.1 % is folded into the last bin so outliers do not
 * squeeze the rest. `range` may come from the pass that computed the score, saving one here.
 */
export function scoreHistogram(
  score: Float32Array,
  binCount = 1024,
  range: ScoreRange = scoreRange(score),
): ScoreHistogram {
  const max = range.maximum;
  const min = range.minimum;
  if (!Number.isFinite(max)) {
    return {
      counts: new Float64Array(binCount),
      minimum: 0,
      binWidth: 1,
      total: 0,
      median: 0,
      mad: 0,
    };
  }
  // Two passes: a fine histogram to find the 99.9th percentile, then the working one up to it.
  const fine = histogramOver(score, min, (max - min) / 65536 || 1, 65536);
  const top = quantileOf(fine, 0.999);
  const binWidth = (top - min) / binCount || 1;
  // Rebinned from the fine histogram rather than by another pass over the score: the error is at
  // most one fine bin, 1/65536 of the range.
  const counts = new Float64Array(binCount);
  for (let i = 0; i < 65536; i++) {
    if (!fine.counts[i]) continue;
    const centre = fine.minimum + (i + 0.5) * fine.binWidth;
    counts[Math.min(binCount - 1, Math.floor((centre - min) / binWidth))] += fine.counts[i];
  }
  const median = quantileOf(fine, 0.5);
  const deviations = new Float64Array(65536);
  for (let i = 0; i < 65536; i++) {
    const centre = fine.minimum + (i + 0.5) * fine.binWidth;
    const j = Math.min(65535, Math.floor(Math.abs(centre - median) / fine.binWidth));
    deviations[j] += fine.counts[i];
  }
  const mad = quantileOf({ ...fine, counts: deviations, minimum: 0 }, 0.5);
  return { counts, minimum: min, binWidth, total: fine.total, median, mad };
}

/**
 * Counted into two integer histograms, even and odd pixels, added at the end: neighbouring scores
 * often fall in one bin, and one array's increments would wait on each other.
 */
function histogramOver(score: Float32Array, minimum: number, binWidth: number, binCount: number) {
  const even = new Uint32Array(binCount);
  const odd = new Uint32Array(binCount);
  let noData = 0;
  const inverse = 1 / binWidth;
  const last = binCount - 1;
  const pairs = score.length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    const v = score[i];
    const w = score[i + 1];
    if (v === v) {
      const bin = ((v - minimum) * inverse) | 0;
      even[bin > last ? last : bin]++;
    } else noData++;
    if (w === w) {
      const bin = ((w - minimum) * inverse) | 0;
      odd[bin > last ? last : bin]++;
    } else noData++;
  }
  if (pairs < score.length) {
    const v = score[pairs];
    if (v === v) {
      const bin = ((v - minimum) * inverse) | 0;
      even[bin > last ? last : bin]++;
    } else noData++;
  }
  const counts = new Float64Array(binCount);
  for (let b = 0; b < binCount; b++) counts[b] = even[b] + odd[b];
  return { counts, minimum, binWidth, total: score.length - noData };
}

function quantileOf(
  h: { counts: Float64Array; minimum: number; binWidth: number; total: number },
  q: number,
): number {
  const target = q * h.total;
  let cumulative = 0;
  for (let i = 0; i < h.counts.length; i++) {
    cumulative += h.counts[i];
    if (cumulative >= target) return h.minimum + (i + 0.5) * h.binWidth;
  }
  return h.minimum + h.counts.length * h.binWidth;
}

const centreOf = (h: ScoreHistogram, bin: number) => h.minimum + (bin + 0.5) * h.binWidth;

/** Otsu 1979: the cut maximising ω0·ω1·(μ0 − μ1)². */
export function otsuThreshold(h: ScoreHistogram): number {
  let sumAll = 0;
  for (let i = 0; i < h.counts.length; i++) sumAll += h.counts[i] * centreOf(h, i);
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestBin = 0;
  for (let i = 0; i < h.counts.length - 1; i++) {
    w0 += h.counts[i];
    sum0 += h.counts[i] * centreOf(h, i);
    const w1 = h.total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const between = w0 * w1 * (sum0 / w0 - (sumAll - sum0) / w1) ** 2;
    if (between > best) {
      best = between;
      bestBin = i;
    }
  }
  return h.minimum + (bestBin + 1) * h.binWidth;
}

/** Kittler & Illingworth 1986: minimise J = 1 + 2(P0 ln σ0 + P1 ln σ1) − 2(P0 ln P0 + P1 ln P1). */
export function kittlerIllingworthThreshold(h: ScoreHistogram): number {
  const n = h.counts.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let all0 = 0;
  let all1 = 0;
  let all2 = 0;
  for (let i = 0; i < n; i++) {
    const x = centreOf(h, i);
    all0 += h.counts[i];
    all1 += h.counts[i] * x;
    all2 += h.counts[i] * x * x;
  }
  let best = Infinity;
  let bestBin = -1;
  // A class of a few pixels in one bin has σ → 0 and J → −∞ at the histogram's ends (a known flaw
  // of the criterion): each class needs a real spread and at least 0.1 % of the pixels.
  const minimumVariance = h.binWidth * h.binWidth;
  const minimumCount = 1e-3 * all0Of(h);
  for (let i = 0; i < n - 1; i++) {
    const x = centreOf(h, i);
    s0 += h.counts[i];
    s1 += h.counts[i] * x;
    s2 += h.counts[i] * x * x;
    const t0 = all0 - s0;
    if (s0 < minimumCount || t0 < minimumCount) continue;
    const p0 = s0 / all0;
    const p1 = t0 / all0;
    const m0 = s1 / s0;
    const m1 = (all1 - s1) / t0;
    const v0 = Math.max(minimumVariance, s2 / s0 - m0 * m0);
    const v1 = Math.max(minimumVariance, (all2 - s2) / t0 - m1 * m1);
    const j =
      1 + p0 * Math.log(v0) + p1 * Math.log(v1) - 2 * (p0 * Math.log(p0) + p1 * Math.log(p1));
    if (j < best) {
      best = j;
      bestBin = i;
    }
  }
  return bestBin < 0 ? otsuThreshold(h) : h.minimum + (bestBin + 1) * h.binWidth;
}

function all0Of(h: ScoreHistogram): number {
  let total = 0;
  for (let i = 0; i < h.counts.length; i++) total += h.counts[i];
  return total;
}

/** The robust noise level below which no score counts as change: median + k · 1.4826 · MAD. */
export function noiseFloor(h: ScoreHistogram, k: number): number {
  return h.median + k * 1.4826 * h.mad;
}

export function changedFraction(score: Float32Array, threshold: number): number {
  let valid = 0;
  let changed = 0;
  for (let i = 0; i < score.length; i++) {
    const v = score[i];
    if (v !== v) continue;
    valid++;
    if (v > threshold) changed++;
  }
  return valid ? changed / valid : 0;
}

/** The threshold without its changed fraction, for callers that count it in a pass of their own. */
export function chooseThresholdValue(
  score: Float32Array,
  choice: ThresholdMethod | number,
  options: { noiseFloorMads?: number; histogram?: ScoreHistogram } = {},
): Omit<ThresholdResult, 'changedFraction'> {
  if (typeof choice === 'number') {
    return { value: choice, method: 'user', automaticValue: null, flooredToNoise: false };
  }
  const h = options.histogram ?? scoreHistogram(score);
  const automatic = choice === 'otsu' ? otsuThreshold(h) : kittlerIllingworthThreshold(h);
  const floor = noiseFloor(h, options.noiseFloorMads ?? (choice === 'otsu' ? 1 : 0));
  return {
    value: Math.max(automatic, floor),
    method: choice,
    automaticValue: automatic,
    flooredToNoise: floor > automatic,
  };
}

export function chooseThreshold(
  score: Float32Array,
  choice: ThresholdMethod | number,
  options: { noiseFloorMads?: number; histogram?: ScoreHistogram } = {},
): ThresholdResult {
  const result = chooseThresholdValue(score, choice, options);
  return { ...result, changedFraction: changedFraction(score, result.value) };
}
