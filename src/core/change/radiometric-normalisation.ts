// Stage 3: relative radiometric normalisation of `after` to `before`, band by band, as a linear
// gain and offset fitted on pseudo-invariant pixels (Schott, Salvaggio & Volchok 1988; the
// iteration that re-selects the least-changed pixels follows the spirit of Canty & Nielsen's
// IR-MAD). Gain, offset, haze and sensor bit depth then no longer read as change.
import { kthSmallest } from './order-statistics.ts';
import { sampleImages, type AnalysisImage, type PixelSamples } from './analysis-image.ts';

/** Pixels sampled for the fits (a regular subsample: they need statistics, not every pixel). */
export const defaultSamplePixels = 200_000;

export interface BandNormalisation {
  /** after' = gain · after + offset, in before's units. */
  readonly gain: number;
  readonly offset: number;
  /** Spread of before over the invariant pixels: the scale that makes differences unitless. */
  readonly scale: number;
}

export interface RadiometricNormalisation {
  readonly bands: readonly BandNormalisation[];
  /** Share of the sampled valid pixels used as pseudo-invariant in the final fit. */
  readonly invariantFraction: number;
}

export interface NormalisationOptions {
  /** Pixels sampled for the fit (a regular subsample: the fit needs statistics, not every pixel). */
  readonly samplePixels?: number;
  readonly iterations?: number;
  /** Share of least-changed sampled pixels kept as pseudo-invariant at each iteration. */
  readonly invariantShare?: number;
}

/** Mean/standard-deviation matching of a and b over the selected samples (geometric-mean regression). */
function fit(before: Float64Array, after: Float64Array, selected: Uint8Array): BandNormalisation {
  let n = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < selected.length; i++) {
    if (!selected[i]) continue;
    n++;
    mb += before[i];
    ma += after[i];
  }
  if (n === 0) return { gain: 1, offset: 0, scale: 1 };
  mb /= n;
  ma /= n;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < selected.length; i++) {
    if (!selected[i]) continue;
    va += (after[i] - ma) ** 2;
    vb += (before[i] - mb) ** 2;
  }
  const sa = Math.sqrt(va / n);
  const sb = Math.sqrt(vb / n);
  const gain = sa > 1e-9 ? sb / sa : 1;
  return { gain, offset: mb - gain * ma, scale: sb > 1e-9 ? sb : 1 };
}

/** Gains and offsets fitted on the sampled pixels (see `sampleBothValid`). */
export function normaliseSamples(
  samples: PixelSamples,
  options: Omit<NormalisationOptions, 'samplePixels'> = {},
): RadiometricNormalisation {
  const iterations = options.iterations ?? 3;
  const share = options.invariantShare ?? 0.5;
  const b = samples.before;
  const a = samples.after;
  const n = b[0]?.length ?? 0;
  const bandCount = b.length;
  const selected = new Uint8Array(n).fill(1);
  let bands = b.map((_, k) => fit(b[k], a[k], selected));
  const change = new Float64Array(n);
  for (let iteration = 0; iteration < iterations && n > 0; iteration++) {
    change.fill(0);
    for (let k = 0; k < bandCount; k++) {
      const { gain, offset, scale } = bands[k];
      const bk = b[k];
      const ak = a[k];
      for (let i = 0; i < n; i++) change[i] += ((gain * ak[i] + offset - bk[i]) / scale) ** 2;
    }
    const cut = quantile(change, share);
    for (let i = 0; i < n; i++) selected[i] = change[i] <= cut ? 1 : 0;
    bands = b.map((_, k) => fit(b[k], a[k], selected));
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += selected[i];
  return { bands, invariantFraction: n ? kept / n : 0 };
}

export function normaliseRadiometry(
  before: AnalysisImage,
  after: AnalysisImage,
  options: NormalisationOptions = {},
): RadiometricNormalisation {
  return normaliseSamples(
    sampleImages(before, after, options.samplePixels ?? defaultSamplePixels),
    options,
  );
}

function quantile(values: Float64Array, q: number): number {
  return kthSmallest(
    Float64Array.from(values),
    Math.min(values.length - 1, Math.floor(q * values.length)),
  );
}
