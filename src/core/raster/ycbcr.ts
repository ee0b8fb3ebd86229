// YCbCr pixels that are not JPEG-compressed, as GDAL 3.6 shows them: converted to RGB by libtiff's
// RGBA interface (tif_getimage.c putcontig8bitYCbCr*tile, tif_color.c TIFFYCbCrToRGBInit and
// TIFFYCbCrtoRGB), chroma repeated over each subsampling cell, with libtiff's fixed-point tables
// and its single-precision float arithmetic.
import type { ImageLayout } from './image-layout.ts';
import { Tag, tagNumbers } from './tiff-tags.ts';

const SHIFT = 16;
const ONE_HALF = 1 << (SHIFT - 1);
const f = Math.fround;
const fix = (x: number) => Math.trunc(x * (1 << SHIFT) + 0.5);
const clamp = (v: number, min: number, max: number) => (v < min ? min : v > max ? max : v);
/** Code2V in float arithmetic, as C evaluates it with float operands. */
const codeToValue = (c: number, black: number, white: number, range: number) =>
  f(f(f(c - black) * f(range)) / f(white - black !== 0 ? white - black : 1));

export interface YCbCrTables {
  readonly y: Int32Array;
  readonly crR: Int32Array;
  readonly cbB: Int32Array;
  readonly crG: Int32Array;
  readonly cbG: Int32Array;
}

export function ycbcrTables(layout: ImageLayout): YCbCrTables {
  const luma = tagNumbers(layout.directory, Tag.YCbCrCoefficients) ?? [0.299, 0.587, 0.114];
  const reference = tagNumbers(layout.directory, Tag.ReferenceBlackWhite) ?? [
    0, 255, 128, 255, 128, 255,
  ];
  const [lumaRed, lumaGreen, lumaBlue] = [f(luma[0]), f(luma[1]), f(luma[2])];
  const f1 = f(2 - f(2 * lumaRed));
  const d1 = fix(clamp(f1, 0, 2));
  const f2 = f(f(lumaRed * f1) / lumaGreen);
  const d2 = -fix(clamp(f2, 0, 2));
  const f3 = f(2 - f(2 * lumaBlue));
  const d3 = fix(clamp(f3, 0, 2));
  const f4 = f(f(lumaBlue * f3) / lumaGreen);
  const d4 = -fix(clamp(f4, 0, 2));
  const tables = {
    y: new Int32Array(256),
    crR: new Int32Array(256),
    cbB: new Int32Array(256),
    crG: new Int32Array(256),
    cbG: new Int32Array(256),
  };
  const ref = Array.from(reference, (v) => f(v));
  for (let i = 0, x = -128; i < 256; i++, x++) {
    const cr = Math.trunc(
      clamp(codeToValue(x, f(ref[4] - 128), f(ref[5] - 128), 127), -128 * 32, 128 * 32),
    );
    const cb = Math.trunc(
      clamp(codeToValue(x, f(ref[2] - 128), f(ref[3] - 128), 127), -128 * 32, 128 * 32),
    );
    tables.crR[i] = (d1 * cr + ONE_HALF) >> SHIFT;
    tables.cbB[i] = (d3 * cb + ONE_HALF) >> SHIFT;
    tables.crG[i] = d2 * cr;
    tables.cbG[i] = d4 * cb + ONE_HALF;
    tables.y[i] = Math.trunc(clamp(codeToValue(x + 128, ref[0], ref[1], 255), -128 * 32, 128 * 32));
  }
  return tables;
}

export function ycbcrSubsampling(layout: ImageLayout): [number, number] {
  const sampling = tagNumbers(layout.directory, Tag.YCbCrSubSampling);
  return [sampling?.[0] ?? 2, sampling?.[1] ?? 2];
}

/** Bytes of one block of subsampled YCbCr: each h × v cell holds h·v luma samples, Cb and Cr. */
export function ycbcrBlockBytes(layout: ImageLayout, width: number, rows: number): number {
  const [h, v] = ycbcrSubsampling(layout);
  return Math.ceil(width / h) * Math.ceil(rows / v) * (h * v + 2);
}

/** Packed YCbCr cells to interleaved RGB bytes. */
export function ycbcrToRgb(
  layout: ImageLayout,
  packed: Uint8Array,
  width: number,
  rows: number,
): Uint8Array {
  const t = ycbcrTables(layout);
  const [h, v] = ycbcrSubsampling(layout);
  const rgb = new Uint8Array(width * rows * 3);
  const cellsAcross = Math.ceil(width / h);
  const cellBytes = h * v + 2;
  for (let cellRow = 0; cellRow * v < rows; cellRow++) {
    for (let cellColumn = 0; cellColumn < cellsAcross; cellColumn++) {
      const at = (cellRow * cellsAcross + cellColumn) * cellBytes;
      const cb = packed[at + h * v] ?? 0;
      const cr = packed[at + h * v + 1] ?? 0;
      for (let dy = 0; dy < v; dy++) {
        const row = cellRow * v + dy;
        if (row >= rows) break;
        for (let dx = 0; dx < h; dx++) {
          const column = cellColumn * h + dx;
          if (column >= width) break;
          const y = packed[at + dy * h + dx] ?? 0;
          const out = (row * width + column) * 3;
          rgb[out] = clamp(t.y[y] + t.crR[cr], 0, 255);
          rgb[out + 1] = clamp(t.y[y] + ((t.cbG[cb] + t.crG[cr]) >> SHIFT), 0, 255);
          rgb[out + 2] = clamp(t.y[y] + t.cbB[cb], 0, 255);
        }
      }
    }
  }
  return rgb;
}
