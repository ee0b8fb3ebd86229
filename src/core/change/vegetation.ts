// Vegetation on the after date, from its red and near-infrared bands. sitediff looks for what was
// built or demolished; a place that is vegetated on the after date holds no new structure, whatever
// its colour did: crowns that turned colour with the season, grass under a shadow that moved, a
// hedge that grew. Such pixels are left out of the change mask (the score raster keeps them).
//
// Vegetation is read from the normalised difference vegetation index (Rouse et al. 1974),
// NDVI = (NIR − red) / (NIR + red), of values with the dark-object level subtracted (Chavez 1988):
// a digital-number product carries an offset and haze that pull every NDVI towards 0 (the demo
// site's after image has 110 DN of offset and 12–28 DN of haze, which, computed from its sensor
// model, lower a lit autumn crown's NDVI from 0.30 to 0.24). The usual reading of NDVI puts bare
// soil, concrete, roofs and water below about 0.1–0.15 and vegetated land above 0.2, sparse or
// senescent vegetation included; 0.2 is the default threshold. NDVI alone also passes painted
// roofs (a blue steel roof, common on industrial sites, reflects NIR at about twice its red), so
// the same index on green must pass too, and a higher one where blue exceeds green (blue paint
// and tarps; vegetation only in shadow, where its green index is high).
//
// Only the after image is used: a before image's vegetation does not matter (a field built on is
// change), and an RGB image has no reliable vegetation index (crowns that have turned colour are not
// green; see docs/benchmarks.md for the visible-band index measured and not kept).
import { emptyBitMask, setBitCount, type BitMask } from './bit-mask.ts';
import type { AnalysisRowReader } from './common-grid.ts';
import { kthSmallest } from './order-statistics.ts';

export interface VegetationMask {
  /** Set where the after image is vegetated (NDVI and the green index above their thresholds). */
  readonly bits: BitMask;
  readonly ndviThreshold: number;
  /** Share of the pixels with after data that are vegetated. */
  readonly fraction: number;
  /** The dark-object levels subtracted from each band, in after's units. */
  readonly darkLevels: VegetationBands<number>;
}

/**
 * The dark-object level of each band read by `reader` (a low quantile of its valid samples, about
 * `samplePixels` of them on evenly spaced whole rows).
 */
export function darkObjectLevels(
  reader: AnalysisRowReader,
  bandCount: number,
  width: number,
  height: number,
  samplePixels = 200_000,
  quantile = 0.001,
): number[] {
  const rowStep = Math.max(1, Math.floor(height / Math.max(1, Math.ceil(samplePixels / width))));
  const rows = Math.ceil(height / rowStep);
  const samples = Array.from({ length: bandCount }, () => new Float64Array(rows * width));
  const row = Array.from({ length: bandCount }, () => new Float32Array(width));
  const valid = new Uint8Array(width);
  let n = 0;
  for (let y = Math.floor(rowStep / 2); y < height; y += rowStep) {
    reader.span(
      { row: y, firstColumn: 0, columnStep: 1, count: width },
      { bands: row, valid, offset: 0 },
    );
    for (let x = 0; x < width; x++) {
      if (!valid[x]) continue;
      for (let b = 0; b < bandCount; b++) samples[b][n] = row[b][x];
      n++;
    }
  }
  if (n === 0) return new Array<number>(bandCount).fill(0);
  const k = Math.min(n - 1, Math.floor(quantile * n));
  return samples.map((band) => kthSmallest(band.subarray(0, n), k));
}

/** After's bands the mask reads, on the analysis grid (blue null when after has none). */
export interface VegetationBands<T> {
  readonly red: T;
  readonly green: T;
  readonly nearInfrared: T;
  readonly blue: T | null;
}

/**
 * How much higher the green index must be where blue exceeds green (after the correction). Measured
 * on the demo site's after image (1st–99th percentiles): its blue steel roofs 0.17–0.26, a blue
 * tarp 0.22–0.36; in a tree clump, the pixels whose blue exceeds green (shadows, lit by the blue
 * sky) 0.34–0.79, median 0.60.
 */
const blueGreenIndexMargin = 0.2;

/** Builds the vegetation mask a row at a time, as the score pass resamples after. */
export class VegetationMaskBuilder {
  private readonly bits: BitMask;
  private vegetated = 0;
  private validPixels = 0;

  constructor(
    width: number,
    height: number,
    private readonly ndviThreshold: number,
    private readonly dark: VegetationBands<number>,
  ) {
    this.bits = emptyBitMask(width, height);
  }

  /** Row `row` of after's bands on the analysis grid; `valid` null: every pixel has data. */
  addRow(row: number, bands: VegetationBands<Float32Array>, valid: Uint8Array | null) {
    const { words, wordsPerRow, width } = this.bits;
    const t = this.ndviThreshold;
    const blueGreenIndex = t + blueGreenIndexMargin;
    const { red, green, nearInfrared, blue } = bands;
    const dark = this.dark;
    const dr = dark.red;
    const dg = dark.green;
    const dn = dark.nearInfrared;
    const db = dark.blue ?? 0;
    const rowWords = row * wordsPerRow;
    let vegetated = 0;
    let validPixels = 0;
    for (let x = 0; x < width; x++) {
      if (valid && !valid[x]) continue;
      validPixels++;
      const r = Math.max(0, red[x] - dr);
      const g = Math.max(0, green[x] - dg);
      const n = Math.max(0, nearInfrared[x] - dn);
      // NDVI > t and the same index on green > tg, without the divisions (a sum is 0 for a pixel
      // at the dark levels): vegetation reflects far more NIR than red and than green (the red
      // edge), painted roofs and tarps only somewhat more (a green or blue roof's NDVI can pass
      // 0.2, its green index not).
      const tg = blue && blue[x] - db > g ? blueGreenIndex : t;
      if (n - r > t * (n + r) && n - g > tg * (n + g)) {
        words[rowWords + (x >>> 5)] |= 1 << (x & 31);
        vegetated++;
      }
    }
    this.vegetated += vegetated;
    this.validPixels += validPixels;
  }

  finish(): VegetationMask {
    return {
      bits: this.bits,
      ndviThreshold: this.ndviThreshold,
      fraction: this.validPixels ? this.vegetated / this.validPixels : 0,
      darkLevels: this.dark,
    };
  }
}

/** Clears in `changed` every pixel set in `vegetation`; returns how many changed pixels that was. */
export function clearVegetation(changed: BitMask, vegetation: BitMask): number {
  const a = changed.words;
  const v = vegetation.words;
  let cleared = 0;
  for (let i = 0; i < a.length; i++) {
    const both = a[i] & v[i];
    if (both === 0) continue;
    a[i] &= ~both;
    cleared += setBitCount(both);
  }
  return cleared;
}
