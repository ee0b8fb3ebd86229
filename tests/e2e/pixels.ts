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

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Per-channel linear fit b ≈ gain·a + offset over a region, so that two dates can be compared
 * after a global brightness/contrast correction (as an analyst's eye does).
 */
export function fitChannels(a: Screenshot, b: Screenshot, region: Box) {
  const fits: { gain: number; offset: number }[] = [];
  for (let c = 0; c < 3; c++) {
    let n = 0;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sab = 0;
    for (let y = Math.round(region.y); y < region.y + region.height; y += 3) {
      for (let x = Math.round(region.x); x < region.x + region.width; x += 3) {
        const k = (y * a.width + x) * 4;
        const va = a.data[k + c];
        const vb = b.data[k + c];
        n++;
        sa += va;
        sb += vb;
        saa += va * va;
        sab += va * vb;
      }
    }
    const gain = (n * sab - sa * sb) / Math.max(1e-9, n * saa - sa * sa);
    fits.push({ gain, offset: (sb - gain * sa) / n });
  }
  return fits;
}

/** Mean absolute residual of b against the fitted a over a patch (0..255). */
export function patchResidual(
  a: Screenshot,
  b: Screenshot,
  fits: { gain: number; offset: number }[],
  x: number,
  y: number,
  radius: number,
): number {
  let total = 0;
  let count = 0;
  for (let j = Math.round(y) - radius; j <= Math.round(y) + radius; j++) {
    for (let i = Math.round(x) - radius; i <= Math.round(x) + radius; i++) {
      const k = (j * a.width + i) * 4;
      for (let c = 0; c < 3; c++) {
        total += Math.abs(b.data[k + c] - (fits[c].gain * a.data[k + c] + fits[c].offset));
        count++;
      }
    }
  }
  return total / Math.max(1, count);
}
