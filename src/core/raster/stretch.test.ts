import { describe, expect, it } from 'vitest';
import { applyManualLimits, bandPercentiles, computeStretch, stretchToByte } from './stretch.ts';

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

  it('leaves out pixels of opacity 0, in the exact histogram and the sampled float path', () => {
    // Half the pixels are a black fill that the alpha band or mask marks as no picture.
    const bytes = new Uint8Array(1000);
    const floats = new Float32Array(1000);
    const opacity = new Uint8Array(1000);
    for (let i = 500; i < 1000; i++) {
      bytes[i] = floats[i] = 100 + (i % 100);
      opacity[i] = 255;
    }
    expect(bandPercentiles(bytes, null, 2, 98)?.min).toBe(0);
    expect(bandPercentiles(bytes, null, 2, 98, opacity)).toEqual({ min: 101, max: 197 });
    expect(bandPercentiles(floats, null, 2, 98, opacity)).toEqual({ min: 101, max: 197 });
    expect(bandPercentiles(floats, null, 0, 100, opacity)).toEqual({ min: 100, max: 199 });
    const raster = {
      width: 1000,
      height: 1,
      bands: [bytes],
      dataType: 'Byte' as const,
      noData: null,
    };
    expect(computeStretch(raster, { opacity })).toEqual([{ min: 101, max: 197 }]);
    expect(() => bandPercentiles(bytes, null, 2, 98, new Uint8Array(3))).toThrow(/opacity/);
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

describe('display stretch choices', () => {
  it('gives the exact extremes of a floating-point band for min–max, not a sample of it', () => {
    const band = new Float32Array(1_000_000).fill(5);
    // A single extreme pixel that a strided sample would step over.
    band[777_777] = 123.5;
    band[3] = -7;
    expect(bandPercentiles(band, null, 0, 100)).toEqual({ min: -7, max: 123.5 });
  });

  it('keeps percentile limits where no manual limit was typed', () => {
    const percentiles = [
      { min: 1, max: 2 },
      { min: 3, max: 4 },
      { min: 5, max: 6 },
    ];
    expect(applyManualLimits(percentiles, [null, { min: 10, max: 20 }])).toEqual([
      { min: 1, max: 2 },
      { min: 10, max: 20 },
      { min: 5, max: 6 },
    ]);
    expect(applyManualLimits(percentiles, [{ min: NaN, max: 1 }])[0]).toEqual({ min: 1, max: 2 });
    expect(applyManualLimits(percentiles, undefined)).toEqual(percentiles);
  });

  it('widens the limits as the percentile pair widens', () => {
    const band = new Uint16Array(10_000);
    for (let i = 0; i < band.length; i++) band[i] = i;
    const narrow = bandPercentiles(band, null, 2, 98)!;
    const wide = bandPercentiles(band, null, 0.5, 99.5)!;
    const full = bandPercentiles(band, null, 0, 100)!;
    expect(wide.min).toBeLessThan(narrow.min);
    expect(wide.max).toBeGreaterThan(narrow.max);
    expect(full).toEqual({ min: 0, max: 9999 });
  });
});
