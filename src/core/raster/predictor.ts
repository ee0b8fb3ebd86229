// TIFF predictors, undone after decompression. Horizontal differencing (TIFF 6.0, section 14)
// is undone on unpacked integer values, modulo 2^bits; the floating-point predictor (Adobe
// Technical Note 3) on the block's bytes, giving little-endian floats.
import type { SampleArray } from './types.ts';

export function undoHorizontalPredictor(
  values: SampleArray,
  width: number,
  rows: number,
  samplesPerPixel: number,
  bits: number,
): void {
  const perRow = width * samplesPerPixel;
  const wraps = bits < 32 || values instanceof Float64Array;
  const modulus = 2 ** bits;
  for (let row = 0; row < rows; row++) {
    const start = row * perRow;
    for (let i = start + samplesPerPixel; i < start + perRow; i++) {
      const sum = values[i] + values[i - samplesPerPixel];
      // Typed arrays of the sample's own width wrap by themselves; narrower samples need the modulus.
      values[i] = wraps && bits !== 8 && bits !== 16 ? sum % modulus : sum;
    }
  }
}

/** Undoes predictor 3 in place: per row, byte-wise accumulation then un-shuffling of byte planes. */
export function undoFloatingPointPredictor(
  bytes: Uint8Array,
  width: number,
  rows: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): void {
  const samplesPerRow = width * samplesPerPixel;
  const rowBytes = samplesPerRow * bytesPerSample;
  const shuffled = new Uint8Array(rowBytes);
  for (let row = 0; row < rows; row++) {
    const start = row * rowBytes;
    if (start + rowBytes > bytes.length) break;
    const line = bytes.subarray(start, start + rowBytes);
    for (let i = samplesPerPixel; i < rowBytes; i++)
      line[i] = (line[i] + line[i - samplesPerPixel]) & 0xff;
    shuffled.set(line);
    // Plane k holds byte k of each sample, most significant first.
    for (let s = 0; s < samplesPerRow; s++) {
      for (let b = 0; b < bytesPerSample; b++) {
        line[s * bytesPerSample + (bytesPerSample - 1 - b)] = shuffled[b * samplesPerRow + s];
      }
    }
  }
}
