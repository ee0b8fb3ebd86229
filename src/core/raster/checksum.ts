// GDAL's per-band checksum (GDALChecksumImage, gcore/gdalchecksum.cpp), as the conformance corpus
// describes it: each value becomes a 32-bit integer, and the sum of value % prime, the primes
// cycling through 7..43, is kept modulo 65536. Matching it means every pixel decodes as in GDAL.
import type { DataType, SampleArray } from './types.ts';

const primes = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43];
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

const isFloat = (dataType: DataType) => dataType.includes('Float');

/** A checksum under way: GDAL's sum and where the primes have got to, carried across reads. */
export interface ChecksumState {
  readonly sum: number;
  /** Index into the primes, 0 to 10. */
  readonly prime: number;
}

export const emptyChecksum: ChecksumState = { sum: 0, prime: 0 };

/**
 * Checksum of one band, `values` in row-major order (complex bands interleave real and imaginary
 * parts, which GDAL checksums in that order).
 */
export function gdalChecksum(values: SampleArray, dataType: DataType): number {
  return continueChecksum(emptyChecksum, values, dataType).sum;
}

/**
 * The checksum state after `values`, the next rows of the band in row-major order: a band read in
 * windows of whole rows gives the checksum of the band read at once.
 */
export function continueChecksum(
  state: ChecksumState,
  values: SampleArray,
  dataType: DataType,
): ChecksumState {
  if (values instanceof Uint8Array) return byteChecksum(state, values);
  const float = isFloat(dataType);
  let sum = state.sum;
  let p = state.prime;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let integer: number;
    if (float) {
      if (!Number.isFinite(v)) integer = INT32_MIN;
      else {
        const rounded = Math.floor(v + 0.5);
        integer = rounded > INT32_MAX ? INT32_MAX : rounded < -INT32_MAX ? -INT32_MAX : rounded;
      }
    } else {
      // Integers wider than Int32 are clamped when GDAL copies them into its Int32 buffer.
      integer = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
    }
    sum = (sum + (integer % primes[p])) & 0xffff;
    p = p === 10 ? 0 : p + 1;
  }
  return { sum, prime: p };
}

/** byteRemainders[p * 256 + v] = v % primes[p]: a table lookup instead of a division. */
const byteRemainders = new Uint8Array(primes.length * 256).map(
  (_, i) => (i & 255) % primes[i >> 8],
);

/** Bytes need no conversion; a loop of their own runs several times faster on large images. */
function byteChecksum(state: ChecksumState, values: Uint8Array): ChecksumState {
  let sum = state.sum;
  let p = state.prime * 256;
  for (let i = 0; i < values.length; i++) {
    sum += byteRemainders[p + values[i]];
    p = p === 2560 ? 0 : p + 256;
  }
  return { sum: sum & 0xffff, prime: p / 256 };
}
