// Samples a window of a raster at warped pixel positions and stretches it to RGBA for display.
import type { WarpGrid } from '../georef/warp.ts';
import type { ColourRampTable } from './colour-ramp.ts';
import { stretchToByte, type BandStretch } from './stretch.ts';
import type { DataType, Raster, SampleArray } from './types.ts';

export interface RasterWindow {
  readonly raster: Raster;
  /** Position of the window's top-left pixel in the level it was read from. */
  readonly column0: number;
  readonly row0: number;
  /** Level pixels per full-resolution pixel (1 for full resolution, 0.5 for the first overview…). */
  readonly levelScaleX: number;
  readonly levelScaleY: number;
  /** Size of the whole level, so that samples outside the image stay transparent. */
  readonly levelWidth: number;
  readonly levelHeight: number;
  /**
   * Opacity of each window pixel, 0..255, from the alpha band or the internal mask (see
   * `alphaToOpacity`); 0 is transparent and drops out of interpolation like nodata.
   */
  readonly opacity?: Uint8Array | null;
}

export type Resampling = 'nearest' | 'bilinear';

export interface RenderOptions {
  /** Band index for red, green, blue; one index gives a grey image, or one through `colourRamp`. */
  readonly bandIndices: readonly number[];
  /** Stretch of every band of the raster, indexed like `raster.bands`. */
  readonly stretches: readonly BandStretch[];
  /** Lookup table for a single band (see colour-ramp.ts); ignored for three bands. */
  readonly colourRamp?: ColourRampTable;
  readonly resampling?: Resampling;
}

/**
 * An alpha band as opacity bytes. GDAL reads a 16-bit alpha band as a mask scaled by 1/257
 * (GDALRescaledAlphaBand); other types are clamped to 0..255.
 */
export function alphaToOpacity(alpha: SampleArray, dataType: DataType): Uint8Array {
  if (alpha instanceof Uint8Array) return alpha;
  const opacity = new Uint8Array(alpha.length);
  if (dataType === 'UInt16') {
    for (let i = 0; i < alpha.length; i++) opacity[i] = Math.round(alpha[i] / 257);
  } else {
    for (let i = 0; i < alpha.length; i++) {
      const v = alpha[i];
      opacity[i] = v > 255 ? 255 : v > 0 ? Math.round(v) : 0;
    }
  }
  return opacity;
}

/**
 * Renders the warp grid into RGBA bytes; pixels outside the image, on nodata or of opacity 0 are
 * transparent, and an alpha band's partial opacity is kept.
 */
export function renderRgba(
  grid: WarpGrid,
  source: RasterWindow,
  options: RenderOptions,
): Uint8ClampedArray {
  const { raster } = source;
  const out = new Uint8ClampedArray(grid.width * grid.height * 4);
  // One band is sampled once and coloured by the ramp (or repeated as grey).
  const channels = options.bandIndices.length === 1 ? 1 : 3;
  const bandsForChannel = options.bandIndices.slice(0, channels);
  const ramp = channels === 1 ? (options.colourRamp ?? null) : null;
  const arrays = bandsForChannel.map((b) => raster.bands[b]);
  const stretches = bandsForChannel.map((b) => options.stretches[b]);
  const noData = raster.noData;
  const opacity = source.opacity ?? null;
  const bilinear = (options.resampling ?? 'bilinear') === 'bilinear';
  const w = raster.width;
  const h = raster.height;
  if (opacity !== null && opacity.length !== w * h) {
    throw new Error(`opacity has ${opacity.length} pixels, the window ${w * h}`);
  }
  for (let k = 0; k < grid.width * grid.height; k++) {
    const levelColumn = grid.columns[k] * source.levelScaleX;
    const levelRow = grid.rows[k] * source.levelScaleY;
    if (
      !(levelColumn >= 0 && levelRow >= 0) ||
      levelColumn >= source.levelWidth ||
      levelRow >= source.levelHeight
    ) {
      continue;
    }
    const x = levelColumn - source.column0 - 0.5;
    const y = levelRow - source.row0 - 0.5;
    // The four neighbours and their bilinear weights (or the nearest pixel with weight 1); a
    // neighbour of opacity 0 weighs nothing, for every band.
    let n00: number, n10: number, n01: number, n11: number;
    let w00: number, w10: number, w01: number, w11: number;
    if (bilinear) {
      const xc = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
      const yc = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
      const i0 = Math.floor(xc);
      const j0 = Math.floor(yc);
      const i1 = i0 + 1 < w ? i0 + 1 : i0;
      const j1 = j0 + 1 < h ? j0 + 1 : j0;
      const u = xc - i0;
      const v = yc - j0;
      n00 = j0 * w + i0;
      n10 = j0 * w + i1;
      n01 = j1 * w + i0;
      n11 = j1 * w + i1;
      w00 = (1 - u) * (1 - v);
      w10 = u * (1 - v);
      w01 = (1 - u) * v;
      w11 = u * v;
    } else {
      const i = Math.min(w - 1, Math.max(0, Math.floor(x + 0.5)));
      const j = Math.min(h - 1, Math.max(0, Math.floor(y + 0.5)));
      n00 = n10 = n01 = n11 = j * w + i;
      w00 = 1;
      w10 = w01 = w11 = 0;
    }
    let alpha = 255;
    if (opacity !== null) {
      if (opacity[n00] === 0) w00 = 0;
      if (opacity[n10] === 0) w10 = 0;
      if (opacity[n01] === 0) w01 = 0;
      if (opacity[n11] === 0) w11 = 0;
      const weight = w00 + w10 + w01 + w11;
      if (!(weight > 0.5)) continue;
      // Renormalised over the neighbours that count, like the colour, so mask edges stay crisp.
      alpha = Math.round(
        (w00 * opacity[n00] + w10 * opacity[n10] + w01 * opacity[n01] + w11 * opacity[n11]) /
          weight,
      );
    }
    for (let c = 0; c < channels; c++) {
      const band = arrays[c];
      // Nodata and NaN (s !== s) neighbours drop out and the rest are renormalised, as GDAL's
      // bilinear resampler does, so edges of valid data stay visible.
      let sum = 0;
      let weight = 0;
      const s00 = band[n00];
      const s10 = band[n10];
      const s01 = band[n01];
      const s11 = band[n11];
      if (w00 > 0 && s00 === s00 && s00 !== noData) {
        sum += w00 * s00;
        weight += w00;
      }
      if (w10 > 0 && s10 === s10 && s10 !== noData) {
        sum += w10 * s10;
        weight += w10;
      }
      if (w01 > 0 && s01 === s01 && s01 !== noData) {
        sum += w01 * s01;
        weight += w01;
      }
      if (w11 > 0 && s11 === s11 && s11 !== noData) {
        sum += w11 * s11;
        weight += w11;
      }
      if (!(weight > 0.5)) {
        alpha = 0;
        break;
      }
      const byte = stretchToByte(sum / weight, stretches[c]);
      if (channels === 3) {
        out[k * 4 + c] = byte;
      } else if (ramp) {
        out[k * 4] = ramp[byte * 3];
        out[k * 4 + 1] = ramp[byte * 3 + 1];
        out[k * 4 + 2] = ramp[byte * 3 + 2];
      } else {
        out[k * 4] = out[k * 4 + 1] = out[k * 4 + 2] = byte;
      }
    }
    out[k * 4 + 3] = alpha;
  }
  return out;
}
