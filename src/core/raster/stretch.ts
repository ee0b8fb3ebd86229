// Contrast stretch for display: per-band percentile limits computed from an overview, then a linear
// map to 0..255. Percentiles rather than min/max so that a few saturated or dead pixels (and a
// 12-bit sensor stored in 16 bits) do not flatten the picture (the default of QGIS is 2–98 %).
import type { Raster, SampleArray } from './types.ts';

export interface BandStretch {
  readonly min: number;
  readonly max: number;
}

export interface StretchOptions {
  readonly lowPercent?: number;
  readonly highPercent?: number;
  /**
   * Opacity of each pixel, 0..255 (from an alpha band or the internal mask): pixels at 0 are not
   * part of the picture, so the black or white fill around a scene does not set its contrast.
   */
  readonly opacity?: Uint8Array | null;
}

function isNoData(value: number, noData: number | null): boolean {
  return Number.isNaN(value) || (noData !== null && value === noData);
}

/**
 * Percentile limits of one band, ignoring nodata, NaN and pixels of opacity 0; null when the band
 * has no valid pixel.
 */
export function bandPercentiles(
  band: SampleArray,
  noData: number | null,
  lowPercent: number,
  highPercent: number,
  opacity: Uint8Array | null = null,
): BandStretch | null {
  if (opacity !== null && opacity.length !== band.length) {
    throw new Error(`opacity has ${opacity.length} pixels, the band ${band.length}`);
  }
  const isSmallInteger = band instanceof Uint8Array || band instanceof Uint16Array;
  if (isSmallInteger) {
    // Exact histogram: O(n) and no copy, which matters on full overviews of 16-bit imagery.
    const histogram = new Uint32Array(band instanceof Uint8Array ? 256 : 65536);
    let count = 0;
    for (let i = 0; i < band.length; i++) {
      const v = band[i];
      if ((noData !== null && v === noData) || (opacity !== null && opacity[i] === 0)) continue;
      histogram[v]++;
      count++;
    }
    if (count === 0) return null;
    const lowRank = Math.floor((lowPercent / 100) * (count - 1));
    const highRank = Math.floor((highPercent / 100) * (count - 1));
    let min = 0;
    let max = 0;
    let cumulative = 0;
    let foundLow = false;
    for (let v = 0; v < histogram.length; v++) {
      cumulative += histogram[v];
      if (!foundLow && cumulative > lowRank) {
        min = v;
        foundLow = true;
      }
      if (cumulative > highRank) {
        max = v;
        break;
      }
    }
    return { min, max };
  }
  if (lowPercent <= 0 && highPercent >= 100) return bandExtremes(band, noData, opacity);
  const values: number[] = [];
  // A strided sample bounds the cost of sorting floating-point bands.
  const step = Math.max(1, Math.floor(band.length / 262_144));
  for (let i = 0; i < band.length; i += step) {
    const v = band[i];
    if (opacity !== null && opacity[i] === 0) continue;
    if (!isNoData(v, noData) && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const at = (percent: number) => values[Math.floor((percent / 100) * (values.length - 1))];
  return { min: at(lowPercent), max: at(highPercent) };
}

/** Exact minimum and maximum over every valid pixel (a strided sample could miss the extremes). */
function bandExtremes(
  band: SampleArray,
  noData: number | null,
  opacity: Uint8Array | null,
): BandStretch | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < band.length; i++) {
    const v = band[i];
    if (isNoData(v, noData) || !Number.isFinite(v)) continue;
    if (opacity !== null && opacity[i] === 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

export function computeStretch(raster: Raster, options: StretchOptions = {}): BandStretch[] {
  const low = options.lowPercent ?? 2;
  const high = options.highPercent ?? 98;
  const opacity = options.opacity ?? null;
  return raster.bands.map(
    (band) => bandPercentiles(band, raster.noData, low, high, opacity) ?? { min: 0, max: 1 },
  );
}

/** Maps a value to 0..255 through a stretch; values outside the limits saturate. */
export function stretchToByte(value: number, stretch: BandStretch): number {
  const range = stretch.max - stretch.min;
  if (range <= 0) return value > stretch.min ? 255 : 0;
  const scaled = ((value - stretch.min) / range) * 255;
  return scaled <= 0 ? 0 : scaled >= 255 ? 255 : Math.round(scaled);
}

/**
 * How the user asked a display to be stretched: percentile limits for every band, and optionally
 * limits typed by hand for some bands (indexed like the image's bands; null keeps the percentile).
 */
export interface DisplayStretch {
  readonly lowPercent: number;
  readonly highPercent: number;
  readonly manual?: readonly (BandStretch | null)[];
}

export const defaultDisplayStretch: DisplayStretch = { lowPercent: 2, highPercent: 98 };

/** The limits to render with: hand-typed ones where given and valid, the percentiles elsewhere. */
export function applyManualLimits(
  percentiles: readonly BandStretch[],
  manual: readonly (BandStretch | null)[] | undefined,
): BandStretch[] {
  return percentiles.map((limits, band) => {
    const typed = manual?.[band];
    return typed && Number.isFinite(typed.min) && Number.isFinite(typed.max) ? typed : limits;
  });
}
