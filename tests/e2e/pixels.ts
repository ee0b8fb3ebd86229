// Reading pixels out of screenshots, so assertions are about what a person sees.
import { PNG } from 'pngjs';

export interface Screenshot {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

export function decodePng(buffer: Buffer): Screenshot {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

/** Mean RGB of a square patch centred on (x, y), in screenshot pixels. */
export function patchMean(shot: Screenshot, x: number, y: number, radius: number): number[] {
  const sum = [0, 0, 0];
  let count = 0;
  for (let j = Math.round(y) - radius; j <= Math.round(y) + radius; j++) {
    for (let i = Math.round(x) - radius; i <= Math.round(x) + radius; i++) {
      if (i < 0 || j < 0 || i >= shot.width || j >= shot.height) continue;
      const k = (j * shot.width + i) * 4;
      sum[0] += shot.data[k];
      sum[1] += shot.data[k + 1];
      sum[2] += shot.data[k + 2];
      count++;
    }
  }
  return sum.map((s) => s / Math.max(1, count));
}

/** Mean absolute per-channel difference of two screenshots over a patch (0..255). */
export function patchDifference(
  a: Screenshot,
  b: Screenshot,
  x: number,
  y: number,
  radius: number,
): number {
  let total = 0;
  let count = 0;
  for (let j = Math.round(y) - radius; j <= Math.round(y) + radius; j++) {
    for (let i = Math.round(x) - radius; i <= Math.round(x) + radius; i++) {
      if (i < 0 || j < 0 || i >= a.width || j >= a.height) continue;
      const k = (j * a.width + i) * 4;
      for (let c = 0; c < 3; c++) total += Math.abs(a.data[k + c] - b.data[k + c]);
      count += 3;
    }
  }
  return total / Math.max(1, count);
}

/** Standard deviation of luminance over a patch: near zero on a blank map. */
export function patchTexture(shot: Screenshot, x: number, y: number, radius: number): number {
  const values: number[] = [];
  for (let j = Math.round(y) - radius; j <= Math.round(y) + radius; j++) {
    for (let i = Math.round(x) - radius; i <= Math.round(x) + radius; i++) {
      const k = (j * shot.width + i) * 4;
      values.push(0.299 * shot.data[k] + 0.587 * shot.data[k + 1] + 0.114 * shot.data[k + 2]);
    }
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}
