import { describe, expect, it } from 'vitest';
import { ThreeByteBands } from './three-byte-bands.ts';

describe('three byte bands out of interleaved pixels', () => {
  it('copies word-aligned, unaligned and reordered runs as a byte-by-byte copy does', () => {
    const pixels = 64;
    const source = Uint8Array.from({ length: pixels * 4 }, (_, k) => (k * 97 + 13) & 0xff);
    const cases = [
      { stride: 3, samples: [0, 1, 2], to: 8, from: 12, count: 40 },
      { stride: 3, samples: [0, 1, 2], to: 5, from: 12, count: 37 },
      { stride: 3, samples: [0, 1, 2], to: 8, from: 3, count: 21 },
      { stride: 3, samples: [2, 0, 1], to: 0, from: 0, count: 40 },
      { stride: 4, samples: [0, 1, 3], to: 4, from: 8, count: 30 },
    ];
    for (const { stride, samples, to, from, count } of cases) {
      const targets = [0, 1, 2].map(() => new Uint8Array(80));
      new ThreeByteBands(targets, source, stride, samples).copy(to, from, count);
      const expected = [0, 1, 2].map(() => new Uint8Array(80));
      for (let k = 0; k < count; k++)
        for (let b = 0; b < 3; b++) expected[b][to + k] = source[from + k * stride + samples[b]];
      expect(targets).toEqual(expected);
    }
  });
});
