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
  // One loop per array type keeps each monomorphic, several times faster than a shared one.
  if (values instanceof Uint8Array) accumulateBytes(values, width, rows, samplesPerPixel);
  else if (values instanceof Uint16Array && bits === 16)
    accumulateShorts(values, width, rows, samplesPerPixel);
  else accumulateModulo(values, width, rows, samplesPerPixel, bits);
}

function accumulateBytes(values: Uint8Array, width: number, rows: number, samplesPerPixel: number) {
  if (samplesPerPixel === 3) return accumulateRgbBytes(values, width, rows);
  const perRow = width * samplesPerPixel;
  for (let row = 0; row < rows; row++) {
    const end = (row + 1) * perRow;
    for (let i = row * perRow + samplesPerPixel; i < end; i++)
      values[i] += values[i - samplesPerPixel];
  }
}

/**
 * RGB bytes, the commonest imagery: the three running sums stay in registers, where the general
 * loop reads back each byte it has just stored (about 4 times as slow).
 */
function accumulateRgbBytes(values: Uint8Array, width: number, rows: number) {
  const perRow = width * 3;
  for (let row = 0; row < rows; row++) {
    const start = row * perRow;
    let r = values[start];
    let g = values[start + 1];
    let b = values[start + 2];
    for (let i = start + 3; i < start + perRow; i += 3) {
      r = (r + values[i]) & 0xff;
      g = (g + values[i + 1]) & 0xff;
      b = (b + values[i + 2]) & 0xff;
      values[i] = r;
      values[i + 1] = g;
      values[i + 2] = b;
    }
  }
}

function accumulateShorts(
  values: Uint16Array,
  width: number,
  rows: number,
  samplesPerPixel: number,
) {
  const perRow = width * samplesPerPixel;
  for (let row = 0; row < rows; row++) {
    const end = (row + 1) * perRow;
    for (let i = row * perRow + samplesPerPixel; i < end; i++)
      values[i] += values[i - samplesPerPixel];
  }
}

function accumulateModulo(
  values: SampleArray,
  width: number,
  rows: number,
  samplesPerPixel: number,
  bits: number,
) {
  const perRow = width * samplesPerPixel;
  // Typed arrays of the sample's own width wrap by themselves; narrower samples need the modulus.
  const modulus = bits < 32 && bits !== 16 ? 2 ** bits : 0;
  for (let row = 0; row < rows; row++) {
    const start = row * perRow;
    for (let i = start + samplesPerPixel; i < start + perRow; i++) {
      const sum = values[i] + values[i - samplesPerPixel];
      values[i] = modulus ? sum % modulus : sum;
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
