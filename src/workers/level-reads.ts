// Reads of one level of an open image for display: which pixels are part of the picture (the
// internal mask or an alpha band), and the sample the contrast stretch is computed from.
import type { GeoTiffImage } from '../core/raster/open-geotiff.ts';
import { GeoTiffReadError } from '../core/raster/read-error.ts';
import { alphaToOpacity } from '../core/raster/render-rgba.ts';
import type { Raster } from '../core/raster/types.ts';

/** [column0, row0, column1, row1) in the pixels of a level. */
export type LevelWindow = readonly [number, number, number, number];

/** The images and overview indices whose internal mask is missing, so the read is not retried. */
const levelsWithoutMask = new WeakMap<GeoTiffImage, Set<number>>();

/**
 * Opacity 0..255 of each pixel of a window, or null when the whole image is opaque. GDAL's order:
 * the internal mask of that level when there is one, else an alpha band. An overview without its
 * own mask is shown opaque, as GDAL reads it.
 */
export async function readOpacity(
  image: GeoTiffImage,
  overview: number | undefined,
  window: LevelWindow,
  signal: AbortSignal,
): Promise<Uint8Array | null> {
  const info = image.info;
  const level = overview ?? -1;
  const missing = levelsWithoutMask.get(image);
  if (info.hasMask && !missing?.has(level)) {
    try {
      const mask = await image.readRaster({ overview, window, mask: true, signal });
      return alphaToOpacity(mask.bands[0], mask.dataType);
    } catch (error) {
      if (!(error instanceof GeoTiffReadError && /has no mask/.test(error.message))) throw error;
      levelsWithoutMask.set(image, (missing ?? new Set()).add(level));
    }
  }
  const alphaBand = info.bands.findIndex((band) => band.colorInterpretation === 'Alpha');
  if (alphaBand < 0) return null;
  const alpha = await image.readRaster({ overview, window, bands: [alphaBand], signal });
  return alphaToOpacity(alpha.bands[0], alpha.dataType);
}

/** The pixels a contrast stretch is computed from, and their opacity (null: all opaque). */
export interface StretchSample {
  readonly raster: Raster;
  readonly opacity: Uint8Array | null;
}

/** Above this many pixels a level is sampled in windows rather than read whole for the stretch. */
const STRETCH_SAMPLE_MAX_PIXELS = 2048 * 2048;
const STRETCH_WINDOWS_ACROSS = 4;
const STRETCH_WINDOW_PIXELS = 512;

/**
 * The pixels the stretch is computed from: the whole level when it is small, else a 4 × 4 grid of
 * windows spread over it, so that a large file without overviews is not decoded whole (nor held in
 * memory) just to set its contrast. Percentiles ignore geometry: the windows are stacked.
 * `onProgress` gets the fraction of the blocks decoded.
 */
export async function readStretchSample(
  image: GeoTiffImage,
  overview: number | undefined,
  [width, height]: readonly [number, number],
  signal: AbortSignal,
  onProgress: (fraction: number) => void = () => {},
): Promise<StretchSample> {
  const windows: LevelWindow[] = [];
  if (width * height <= STRETCH_SAMPLE_MAX_PIXELS) {
    windows.push([0, 0, width, height]);
  } else {
    const windowWidth = Math.min(STRETCH_WINDOW_PIXELS, width);
    const windowHeight = Math.min(STRETCH_WINDOW_PIXELS, height);
    for (let j = 0; j < STRETCH_WINDOWS_ACROSS; j++) {
      for (let i = 0; i < STRETCH_WINDOWS_ACROSS; i++) {
        // Window centres at (i + ½)/n of the width and height.
        const column0 = Math.round(((i + 0.5) / STRETCH_WINDOWS_ACROSS) * width - windowWidth / 2);
        const row0 = Math.round(((j + 0.5) / STRETCH_WINDOWS_ACROSS) * height - windowHeight / 2);
        const c0 = Math.min(Math.max(0, column0), width - windowWidth);
        const r0 = Math.min(Math.max(0, row0), height - windowHeight);
        windows.push([c0, r0, c0 + windowWidth, r0 + windowHeight]);
      }
    }
  }
  const parts: StretchSample[] = [];
  for (const [k, window] of windows.entries()) {
    const raster = await image.readRaster({
      ...(overview !== undefined ? { overview } : {}),
      window,
      signal,
      onProgress: (done, total) => onProgress((k + done / total) / windows.length),
    });
    parts.push({ raster, opacity: await readOpacity(image, overview, window, signal) });
  }
  if (parts.length === 1) return parts[0];
  const first = parts[0].raster;
  const perWindow = first.width * first.height;
  const bands = first.bands.map((band, b) => {
    const Samples = band.constructor as new (length: number) => typeof band;
    const stacked = new Samples(perWindow * parts.length);
    parts.forEach((part, k) => stacked.set(part.raster.bands[b] as never, k * perWindow));
    return stacked;
  });
  let opacity: Uint8Array | null = null;
  if (parts.some((part) => part.opacity !== null)) {
    opacity = new Uint8Array(perWindow * parts.length).fill(255);
    parts.forEach((part, k) => {
      if (part.opacity) opacity!.set(part.opacity, k * perWindow);
    });
  }
  return { raster: { ...first, height: first.height * parts.length, bands }, opacity };
}
