// The images the change pipeline works on: float bands on one grid with an explicit validity mask,
// so nodata never has to be re-derived from sentinel values stage after stage.
import type { SampleArray } from '../raster/types.ts';
import type { AnalysisRowReader } from './common-grid.ts';

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

/**
 * The validity of a source image, or null when no sample can be missing (integer bands without a
 * nodata value): then the mask would be all ones, and the loops that read it skip it instead.
 */
export function sourceValidityOrNull(image: SourceImage): Uint8Array | null {
  const float = image.bands.some((b) => b instanceof Float32Array || b instanceof Float64Array);
  return float || image.noData !== null ? sourceValidity(image) : null;
}

/** Fraction of valid pixels, for the report and for sanity checks on the overlap. */
export function validFraction(valid: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < valid.length; i++) n += valid[i];
  return valid.length === 0 ? 0 : n / valid.length;
}

/** Band values of pixels valid in both images, band by band: the input of every fitted statistic. */
export interface PixelSamples {
  readonly before: readonly Float64Array[];
  readonly after: readonly Float64Array[];
}

/** Reads an analysis image (already on the grid) through the row interface of the resampler. */
export function analysisRowReader(image: AnalysisImage): AnalysisRowReader {
  return {
    span({ row, firstColumn, columnStep, count }, { bands: outputs, valid, offset }) {
      let validCount = 0;
      for (let j = 0, i = row * image.width + firstColumn; j < count; j++, i += columnStep) {
        const v = image.valid[i];
        valid[offset + j] = v;
        validCount += v;
        for (let b = 0; b < image.bands.length; b++)
          outputs[b][offset + j] = v ? image.bands[b][i] : 0;
      }
      return validCount;
    },
  };
}

/**
 * A regular subsample of the pixels valid in both images (every `stride`-th pixel in raster order,
 * `stride` = pixel count / `samplePixels`): statistics need thousands, not millions, and only
 * the sampled pixels of `after` are resampled.
 */
export function sampleBothValid(
  width: number,
  height: number,
  beforeBands: readonly SampleArray[],
  beforeValid: Uint8Array | null,
  after: AnalysisRowReader,
  samplePixels: number,
): PixelSamples {
  const count = width * height;
  const stride = Math.max(1, Math.floor(count / samplePixels));
  const capacity = Math.ceil(count / stride);
  const bandCount = beforeBands.length;
  const before = beforeBands.map(() => new Float64Array(capacity));
  const afterValues = beforeBands.map(() => new Float64Array(capacity));
  const perRow = Math.ceil(width / stride) + 1;
  const rowValues = beforeBands.map(() => new Float32Array(perRow));
  const rowValid = new Uint8Array(perRow);
  let n = 0;
  for (let row = 0; row < height; row++) {
    const rowStart = row * width;
    const first = Math.ceil(rowStart / stride) * stride - rowStart;
    if (first >= width) continue;
    const inRow = Math.floor((width - 1 - first) / stride) + 1;
    after.span(
      { row, firstColumn: first, columnStep: stride, count: inRow },
      { bands: rowValues, valid: rowValid, offset: 0 },
    );
    for (let j = 0, i = rowStart + first; j < inRow; j++, i += stride) {
      if (!rowValid[j] || (beforeValid && !beforeValid[i])) continue;
      for (let b = 0; b < bandCount; b++) {
        before[b][n] = beforeBands[b][i];
        afterValues[b][n] = rowValues[b][j];
      }
      n++;
    }
  }
  return {
    before: before.map((band) => band.subarray(0, n)),
    after: afterValues.map((band) => band.subarray(0, n)),
  };
}

/** `sampleBothValid` over two images already on the analysis grid. */
export function sampleImages(
  before: AnalysisImage,
  after: AnalysisImage,
  samplePixels: number,
): PixelSamples {
  return sampleBothValid(
    before.width,
    before.height,
    before.bands,
    before.valid,
    analysisRowReader(after),
    samplePixels,
  );
}
