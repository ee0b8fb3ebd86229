// The images the change pipeline works on: float bands on one grid with an explicit validity mask,
// so nodata never has to be re-derived from sentinel values stage after stage.
import type { SampleArray } from '../raster/types.ts';

/**
 * Bands on the analysis grid; `valid[i]` is 1 where every band of pixel i holds data. The before
 * image's own arrays serve as they are (any sample type), so it is never copied.
 */
export interface AnalysisImage {
  readonly width: number;
  readonly height: number;
  readonly bands: readonly SampleArray[];
  readonly valid: Uint8Array;
}

/** A decoded source image with the nodata value that marks missing samples. */
export interface SourceImage {
  readonly width: number;
  readonly height: number;
  readonly bands: readonly SampleArray[];
  readonly noData: number | null;
}

/** Validity of a source image: 0 where any band equals nodata (or is NaN). */
export function sourceValidity(image: SourceImage): Uint8Array {
  const count = image.width * image.height;
  const valid = new Uint8Array(count).fill(1);
  const noData = image.noData;
  for (const band of image.bands) {
    if (band instanceof Float32Array || band instanceof Float64Array) {
      for (let i = 0; i < count; i++) {
        const v = band[i];
        if (v !== v || v === noData) valid[i] = 0;
      }
    } else if (noData !== null) {
      for (let i = 0; i < count; i++) if (band[i] === noData) valid[i] = 0;
    }
  }
  return valid;
}

/** Fraction of valid pixels, for the report and for sanity checks on the overlap. */
export function validFraction(valid: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < valid.length; i++) n += valid[i];
  return valid.length === 0 ? 0 : n / valid.length;
}

/** A regular subsample of the pixels valid in both images: statistics need thousands, not millions. */
export function sampleBothValid(
  before: AnalysisImage,
  after: AnalysisImage,
  samplePixels: number,
): number[] {
  const count = before.width * before.height;
  const stride = Math.max(1, Math.floor(count / samplePixels));
  const indices: number[] = [];
  for (let i = 0; i < count; i += stride) if (before.valid[i] && after.valid[i]) indices.push(i);
  return indices;
}
