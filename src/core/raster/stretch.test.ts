import { describe, expect, it } from 'vitest';
import { bandPercentiles, computeStretch, stretchToByte } from './stretch.ts';

describe('contrast stretch', () => {
  it('finds the 2nd and 98th percentiles of a 12-bit band stored in 16 bits', () => {
    const band = new Uint16Array(10_000);
    for (let i = 0; i < band.length; i++) band[i] = 1000 + (i % 1000) * 2; // 1000..2998
    const limits = bandPercentiles(band, null, 2, 98);
    expect(limits?.min).toBeGreaterThanOrEqual(1038);
    expect(limits?.min).toBeLessThanOrEqual(1042);
    expect(limits?.max).toBeGreaterThanOrEqual(2956);
    expect(limits?.max).toBeLessThanOrEqual(2962);
  });

  it('ignores nodata and NaN', () => {
    const band = new Float32Array([NaN, -9999, 1, 2, 3, 4, 5, -9999]);
    expect(bandPercentiles(band, -9999, 0, 100)).toEqual({ min: 1, max: 5 });
    expect(bandPercentiles(new Uint8Array([7, 7]), 7, 2, 98)).toBeNull();
  });

  it('maps the limits to 0 and 255 and saturates outside them', () => {
    const stretch = { min: 100, max: 200 };
    expect(stretchToByte(100, stretch)).toBe(0);
    expect(stretchToByte(150, stretch)).toBe(128);
    expect(stretchToByte(200, stretch)).toBe(255);
    expect(stretchToByte(50, stretch)).toBe(0);
    expect(stretchToByte(999, stretch)).toBe(255);
    const raster = {
      width: 2,
      height: 1,
      bands: [new Uint8Array([0, 255])],
      dataType: 'Byte' as const,
      noData: null,
    };
    expect(computeStretch(raster, { lowPercent: 0, highPercent: 100 })).toEqual([
      { min: 0, max: 255 },
    ]);
  });
});
