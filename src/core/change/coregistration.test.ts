import { describe, expect, it } from 'vitest';
import { readCorpusImage } from '../../../tests/eval/corpus.ts';
import type { PixelWindow } from './common-grid.ts';
import { estimateShift, type ChipSource } from './coregistration.ts';

// Exact sub-pixel shifts without interpolation: average blocks of `factor` pixels of a real aerial
// image, starting `offset` full-resolution pixels apart, so after(p) = before(p + offset/factor).
function blockAverage(
  grey: Float32Array,
  width: number,
  factor: number,
  offsetX: number,
  offsetY: number,
  outWidth: number,
  outHeight: number,
) {
  const out = new Float32Array(outWidth * outHeight);
  for (let r = 0; r < outHeight; r++) {
    for (let c = 0; c < outWidth; c++) {
      let sum = 0;
      for (let j = 0; j < factor; j++)
        for (let i = 0; i < factor; i++)
          sum += grey[(r * factor + j + offsetY) * width + c * factor + i + offsetX];
      out[r * outWidth + c] = sum / (factor * factor);
    }
  }
  return out;
}

function chipSource(before: Float32Array, after: Float32Array, width: number): ChipSource {
  const take = (image: Float32Array) => (w: PixelWindow) => {
    const grey = new Float32Array(w.width * w.height);
    for (let r = 0; r < w.height; r++)
      grey.set(
        image.subarray((w.row + r) * width + w.column, (w.row + r) * width + w.column + w.width),
        r * w.width,
      );
    return { grey, valid: new Uint8Array(w.width * w.height).fill(1) };
  };
  return { before: take(before), after: take(after) };
}

describe('estimateShift', () => {
  it('recovers exact sub-pixel shifts of real aerial imagery within 0.1 px RMS', async () => {
    const image = await readCorpusImage('Szada-1', 'before.tif');
    const grey = new Float32Array(image.width * image.height);
    for (const band of image.bands) for (let i = 0; i < grey.length; i++) grey[i] += band[i] / 3;
    const factor = 5;
    const outWidth = Math.floor((image.width - 20) / factor);
    const outHeight = Math.floor((image.height - 20) / factor);
    const before = blockAverage(grey, image.width, factor, 0, 0, outWidth, outHeight);
    const offsets = [
      [1, 0],
      [0, 3],
      [7, 4],
      [12, 9],
      [3, 16],
    ];
    let squared = 0;
    for (const [ox, oy] of offsets) {
      const after = blockAverage(grey, image.width, factor, ox, oy, outWidth, outHeight);
      // after(p) = before(p + o/f): content of after sits o/f pixels up-left of before's.
      const result = estimateShift(outWidth, outHeight, chipSource(before, after, outWidth), {
        chipSizePixels: 64,
      });
      const ex = result.shiftPixels.x + ox / factor;
      const ey = result.shiftPixels.y + oy / factor;
      squared += ex * ex + ey * ey;
      expect(result.confidence).toBeGreaterThan(0.6);
    }
    const rmsPixels = Math.sqrt(squared / offsets.length);
    expect(rmsPixels).toBeLessThan(0.1);
  });

  it('reports no confidence when no chip can be read', () => {
    const result = estimateShift(
      20,
      20,
      chipSource(new Float32Array(400), new Float32Array(400), 20),
      {
        chipSizePixels: 32,
      },
    );
    expect(result.confidence).toBe(0);
    expect(result.chips).toHaveLength(0);
  });
});
