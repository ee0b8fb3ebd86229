// SGI LogL / LogLuv compression (Larson 1998, "LogLuv encoding for full gamut, high dynamic range
// images"; libtiff tif_luv.c), decoded to what GDAL 3.6 shows: libtiff's 16-bit data format, i.e.
// the 15-bit log luminance and u, v scaled by 2^15. Each row is run-length coded one byte plane
// at a time, most significant first.
import { GeoTiffReadError } from './read-error.ts';

/** Chromaticity scale of the 8-bit u, v in LogLuv32 (tif_luv.c UVSCALE). */
const UV_SCALE = 410;

/** Decodes `rows` rows of `width` pixels, each pixel `planes` bytes, into 32-bit words. */
function decodePlanes(input: Uint8Array, width: number, rows: number, planes: number): Uint32Array {
  const words = new Uint32Array(width * rows);
  let at = 0;
  for (let row = 0; row < rows; row++) {
    const line = words.subarray(row * width, (row + 1) * width);
    for (let plane = planes - 1; plane >= 0; plane--) {
      const shift = plane * 8;
      let i = 0;
      while (i < width) {
        if (at >= input.length)
          throw new GeoTiffReadError('an SGILOG strip ends before its last row');
        const control = input[at++];
        if (control >= 128) {
          // A run: control - 126 copies of the next byte.
          const value = input[at++] << shift;
          for (let n = control - 126; n > 0 && i < width; n--) line[i++] |= value;
        } else {
          for (let n = control; n > 0 && i < width; n--) line[i++] |= input[at++] << shift;
        }
      }
    }
  }
  return words;
}

/** Little-endian Int16 samples, `samples` per pixel (1 for LogL, 3 for LogLuv). */
export function decodeSgiLog(
  input: Uint8Array,
  width: number,
  rows: number,
  samples: number,
): Uint8Array {
  const out = new Int16Array(width * rows * samples);
  if (samples === 1) {
    const words = decodePlanes(input, width, rows, 2);
    for (let i = 0; i < words.length; i++) out[i] = words[i];
  } else {
    const words = decodePlanes(input, width, rows, 4);
    for (let i = 0; i < words.length; i++) {
      const p = words[i];
      out[i * 3] = p >>> 16;
      // tif_luv.c LogLuv32toLuv48: u, v at the centre of their 8-bit cell, times 2^15.
      out[i * 3 + 1] = Math.trunc(((((p >>> 8) & 0xff) + 0.5) / UV_SCALE) * 32768);
      out[i * 3 + 2] = Math.trunc((((p & 0xff) + 0.5) / UV_SCALE) * 32768);
    }
  }
  return new Uint8Array(out.buffer);
}
