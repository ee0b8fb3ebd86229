import { describe, expect, it } from 'vitest';
import { continueChecksum, emptyChecksum, gdalChecksum } from './checksum.ts';

describe('gdalChecksum', () => {
  it('sums value % prime with primes cycling from 7 to 43', () => {
    // By hand: 10%7 + 20%11 + 30%13 = 3 + 9 + 4 = 16.
    expect(gdalChecksum(new Uint8Array([10, 20, 30]), 'Byte')).toBe(16);
    // After 43 the primes start again at 7: twelve 50s give 50%7 twice.
    const primes = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 7];
    const expected = primes.reduce((sum, p) => sum + (50 % p), 0);
    expect(gdalChecksum(new Uint16Array(12).fill(50), 'UInt16')).toBe(expected);
  });

  it('keeps the sign of negative remainders and wraps modulo 65536', () => {
    // -10 % 7 is -3 in C; 0 - 3 wraps to 65533.
    expect(gdalChecksum(new Int16Array([-10]), 'Int16')).toBe(65533);
  });

  it('rounds floats half up and maps NaN and infinities to INT_MIN', () => {
    // floor(2.5 + 0.5) = 3; floor(-2.5 + 0.5) = -2 → -2 % 11 = -2.
    expect(gdalChecksum(new Float32Array([2.5, -2.5]), 'Float32')).toBe((3 - 2 + 65536) % 65536);
    // INT_MIN % 7 = -2147483648 % 7 = -2.
    expect(gdalChecksum(new Float64Array([NaN]), 'Float64')).toBe(65534);
  });
});

describe('checksums in parts', () => {
  it('continued over pieces of a band equals the checksum of the whole band', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 251);
    const floats = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e5);
    for (const [values, type] of [
      [bytes, 'Byte'],
      [floats, 'Float32'],
    ] as const) {
      let state = emptyChecksum;
      for (const [from, to] of [
        [0, 13],
        [13, 500],
        [500, 1000],
      ]) {
        state = continueChecksum(state, values.subarray(from, to), type);
      }
      expect(state.sum).toBe(gdalChecksum(values, type));
    }
  });
});
