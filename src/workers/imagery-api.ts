// The imagery worker's functions: open a GeoTIFF, describe it, and render Web Mercator tiles of it
// on demand. Tiles are warped from the best overview for their zoom, so the map never decodes full
// resolution when an overview serves the view.
import type { GeoTransform } from '../core/georef/affine.ts';
import { warpGrid } from '../core/georef/warp.ts';
import { tileBoundsMetres, type MercatorBounds, type TileId } from '../core/georef/web-mercator.ts';
import { openGeoTiff, type GeoTiffImage, type GeoTiffInfo } from '../core/raster/open-geotiff.ts';
import { colourRampTable } from '../core/raster/colour-ramp.ts';
import {
  compositeBands,
  defaultComposite,
  type DisplayComposite,
} from '../core/raster/display-bands.ts';
import { GeoTiffReadError } from '../core/raster/read-error.ts';
import { renderRgba } from '../core/raster/render-rgba.ts';
import {
  applyManualLimits,
  computeStretch,
  type BandStretch,
  type DisplayStretch,
} from '../core/raster/stretch.ts';
import { sha256Hex } from '../state/image-references.ts';
import { blobByteSource, urlByteSource, type CountingByteSource } from './byte-sources.ts';
import { placeOnMap, type ImagePlacement } from './image-placement.ts';
import { withEpsgName } from './epsg-names.ts';
import { readOpacity, readStretchSample, type StretchSample } from './level-reads.ts';
import { transfer, type CallContext, type Transferring } from './rpc.ts';

export type ImageSource =
  | { readonly kind: 'url'; readonly url: string; readonly name: string }
  | {
      readonly kind: 'file';
      readonly file: Blob;
      readonly name: string;
      /** The `NAME.ovr` chosen or dropped with it (see pairExternalOverviews). */
      readonly externalOverviews?: Blob;
    }
  | {
      readonly kind: 'buffer';
      readonly buffer: ArrayBuffer;
      readonly name: string;
      readonly externalOverviews?: ArrayBuffer;
    };

async function byteSourceOf(source: ImageSource, signal: AbortSignal): Promise<CountingByteSource> {
  switch (source.kind) {
    case 'url':
      return urlByteSource(source.url, signal);
    case 'file':
      return blobByteSource(source.file);
    case 'buffer':
      return blobByteSource(new Blob([source.buffer]));
  }
}

export interface ImageSummary {
  readonly imageId: string;
  readonly name: string;
  /** Where the image was opened from when that was a URL; local files are known by their hash. */
  readonly url: string | null;
  readonly sizeBytes: number | null;
  readonly info: GeoTiffInfo;
  /** Outline of the image in lon/lat, densified along its edges (closed ring). */
  readonly outlineLonLat: [number, number][];
  readonly mercatorBounds: MercatorBounds;
  /** West, south, east, north in degrees. */
  readonly boundsLonLat: [number, number, number, number];
  readonly pixelSizeMetres: { x: number; y: number };
  /** A map zoom at which one screen pixel is finer than one image pixel. */
  readonly nativeZoom: number;
  readonly stretches: BandStretch[];
  readonly displayBands: number[];
  /** Index of the overview the stretch was computed from (-1 = full resolution). */
  readonly stretchOverview: number;
  readonly placement: ImagePlacement;
  /** The geotransform the image is placed by: the file's, or the fit of its GCPs. */
  readonly geoTransform: GeoTransform;
}

interface OpenedImage {
  readonly summary: ImageSummary;
  readonly image: GeoTiffImage;
  readonly bytes: CountingByteSource;
  readonly source: ImageSource;
  readonly mercatorToPixel: (x: number, y: number) => readonly [number, number];
  /** The overview the stretch is computed from, kept to stretch again at other percentiles. */
  readonly stretchSample: StretchSample;
  /** Percentile limits already computed, by "low-high". */
  readonly percentileStretches: Map<string, BandStretch[]>;
}

const opened = new Map<string, OpenedImage>();

/** The open image with this id, for the other worker functions that read it. */
export function openedImage(imageId: string): { summary: ImageSummary; image: GeoTiffImage } {
  const entry = opened.get(imageId);
  if (!entry) throw new Error(`Image ${imageId} is not open.`);
  return entry;
}

/** The stretch is computed on the first overview at most this many pixels wide. */
const STRETCH_SAMPLE_WIDTH = 1024;
/** Progress during the stretch read is reported in steps of at least this fraction of it. */
const PROGRESS_STEP = 0.01;

function levelSizes(info: GeoTiffInfo): [number, number][] {
  return [[info.width, info.height], ...info.overviews.map(([w, h]) => [w, h] as [number, number])];
}

export async function openImage(
  args: {
    imageId: string;
    source: ImageSource;
    /** Size budget in samples (width × height × bands); see OpenGeoTiffOptions.maxPixels. */
    maxPixels?: number;
  },
  context: CallContext,
): Promise<ImageSummary> {
  context.progress('reading header', 0);
  const bytes = await byteSourceOf(args.source, context.signal);
  const reportBytes = (stage: string, fraction: number) =>
    context.progress(stage, fraction, {
      bytesRead: bytes.bytesRead(),
      ...(bytes.byteLength !== undefined ? { byteLength: bytes.byteLength } : {}),
    });
  const overviews = args.source.kind === 'url' ? undefined : args.source.externalOverviews;
  const image = await openGeoTiff(bytes, {
    signal: context.signal,
    name: args.source.name,
    ...(args.maxPixels !== undefined ? { maxPixels: args.maxPixels } : {}),
    ...(overviews !== undefined
      ? { externalOverviews: overviews instanceof Blob ? blobByteSource(overviews) : overviews }
      : {}),
  }).catch((error: unknown) => {
    // Say where the budget is set, so that a refused file is not a dead end.
    if (error instanceof GeoTiffReadError && error.reason.includes('exceeds the budget')) {
      throw new GeoTiffReadError(`${error.reason} (the size budget is under Settings)`, {
        cause: error,
      });
    }
    throw error;
  });
  reportBytes('header read', 0.2);
  // The registry's name for the CRS is looked up while the pixels are read.
  const namedCrs = withEpsgName(image.info.crs);
  const info = image.info;
  // A truncated download loses its end, where a Cloud-Optimized layout keeps the last
  // full-resolution tile: decoding that one tile now turns a half file into a clear error at
  // once instead of blank tiles later.
  await image.readRaster({
    window: [info.width - 1, info.height - 1, info.width, info.height],
    bands: [0],
    signal: context.signal,
  });
  // Placed (or refused) before any pixel of the stretch is read.
  const { mercatorToPixel, groundPixel, ...onMap } = placeOnMap(args.source.name, info);

  const levels = levelSizes(info);
  let stretchLevel = 0;
  for (let l = levels.length - 1; l >= 0; l--) {
    if (levels[l][0] >= Math.min(STRETCH_SAMPLE_WIDTH, info.width)) {
      stretchLevel = l;
      break;
    }
  }
  // The stretch read is most of a load (and of a remote one's bytes): its blocks drive the bar.
  const stretchStart = 0.3;
  const stretchEnd = 0.95;
  reportBytes('reading the overview for the contrast stretch', stretchStart);
  // Reported in whole steps, so a file of thousands of strips does not send thousands of messages.
  let reportedFraction = 0;
  const sample = await readStretchSample(
    image,
    stretchLevel === 0 ? undefined : stretchLevel - 1,
    levels[stretchLevel],
    context.signal,
    (fraction) => {
      if (fraction - reportedFraction < PROGRESS_STEP) return;
      reportedFraction = fraction;
      reportBytes(
        'reading the overview for the contrast stretch',
        stretchStart + fraction * (stretchEnd - stretchStart),
      );
    },
  );
  reportBytes('computing contrast stretch', stretchEnd);
  const stretches = computeStretch(sample.raster, { opacity: sample.opacity });
  const summary: ImageSummary = {
    imageId: args.imageId,
    name: args.source.name,
    url: args.source.kind === 'url' ? args.source.url : null,
    sizeBytes: bytes.byteLength ?? null,
    info: { ...info, crs: await namedCrs },
    ...onMap,
    pixelSizeMetres: groundPixel,
    stretches,
    displayBands: compositeBands(defaultComposite(info.bands)),
    stretchOverview: stretchLevel - 1,
  };
  opened.set(args.imageId, {
    summary,
    image,
    bytes,
    source: args.source,
    mercatorToPixel,
    stretchSample: sample,
    percentileStretches: new Map([['2-98', stretches]]),
  });
  reportBytes('ready', 1);
  return summary;
}

export interface RenderedTile {
  readonly width: number;
  readonly height: number;
  /** RGBA bytes, or null when the tile does not touch the image. */
  readonly rgba: ArrayBuffer | null;
  /** Which level was sampled: -1 full resolution, else the overview index. */
  readonly overview: number;
  /** Bytes of the file read so far, for showing what a remote COG has fetched as the user zooms. */
  readonly bytesRead: number;
  readonly byteLength: number | null;
}

/** How a tile is coloured: which bands (or one band and a ramp), and how they are stretched. */
export interface TileDisplay {
  readonly composite: DisplayComposite;
  readonly stretch: DisplayStretch;
}

function percentileStretches(entry: OpenedImage, stretch: DisplayStretch): BandStretch[] {
  const key = `${stretch.lowPercent}-${stretch.highPercent}`;
  let limits = entry.percentileStretches.get(key);
  if (!limits) {
    limits = computeStretch(entry.stretchSample.raster, {
      lowPercent: stretch.lowPercent,
      highPercent: stretch.highPercent,
      opacity: entry.stretchSample.opacity,
    });
    entry.percentileStretches.set(key, limits);
  }
  return limits;
}

/** Per-band limits of a display stretch, for showing and editing them; manual limits included. */
export function stretchLimits(args: { imageId: string; stretch: DisplayStretch }): BandStretch[] {
  const entry = opened.get(args.imageId);
  if (!entry) throw new Error(`Image ${args.imageId} is not open.`);
  return applyManualLimits(percentileStretches(entry, args.stretch), args.stretch.manual);
}

export async function renderTile(
  args: {
    imageId: string;
    tile: TileId;
    tileSize: number;
    /** Bands shown with the opening stretch; `display` takes precedence. */
    bands?: number[];
    display?: TileDisplay;
  },
  context: CallContext,
) {
  const entry = opened.get(args.imageId);
  if (!entry) throw new Error(`Image ${args.imageId} is not open.`);
  const { summary, image } = entry;
  const size = args.tileSize;
  const empty = (): Transferring<RenderedTile> =>
    transfer<RenderedTile>(
      {
        width: size,
        height: size,
        rgba: null,
        overview: -1,
        bytesRead: entry.bytes.bytesRead(),
        byteLength: entry.bytes.byteLength ?? null,
      },
      [],
    );
  const bounds = tileBoundsMetres(args.tile);
  const m = summary.mercatorBounds;
  if (
    bounds.east < m.west ||
    bounds.west > m.east ||
    bounds.north < m.south ||
    bounds.south > m.north
  ) {
    return empty();
  }
  const grid = warpGrid(bounds, size, size, entry.mercatorToPixel);

  // Full-resolution pixels per output pixel, measured across the tile's centre.
  const mid = (size >> 1) * size + (size >> 1);
  const sourcePerOutput = Math.hypot(
    grid.columns[mid + 1] - grid.columns[mid],
    grid.rows[mid + 1] - grid.rows[mid],
  );
  const levels = levelSizes(summary.info);
  let level = 0;
  for (let l = levels.length - 1; l > 0; l--) {
    const levelScale = levels[l][0] / summary.info.width;
    if (levelScale * sourcePerOutput >= 1) {
      level = l;
      break;
    }
  }
  const [levelWidth, levelHeight] = levels[level];
  const scaleX = levelWidth / summary.info.width;
  const scaleY = levelHeight / summary.info.height;
  let minC = Infinity;
  let minR = Infinity;
  let maxC = -Infinity;
  let maxR = -Infinity;
  for (let k = 0; k < grid.columns.length; k++) {
    const c = grid.columns[k];
    const r = grid.rows[k];
    if (!Number.isFinite(c) || !Number.isFinite(r)) continue;
    if (c < minC) minC = c;
    if (c > maxC) maxC = c;
    if (r < minR) minR = r;
    if (r > maxR) maxR = r;
  }
  const column0 = Math.max(0, Math.floor(minC * scaleX) - 2);
  const row0 = Math.max(0, Math.floor(minR * scaleY) - 2);
  const column1 = Math.min(levelWidth, Math.ceil(maxC * scaleX) + 2);
  const row1 = Math.min(levelHeight, Math.ceil(maxR * scaleY) + 2);
  if (column1 <= column0 || row1 <= row0) {
    return empty();
  }
  const display = args.display;
  const bands = display ? compositeBands(display.composite) : (args.bands ?? summary.displayBands);
  const allStretches = display
    ? applyManualLimits(percentileStretches(entry, display.stretch), display.stretch.manual)
    : summary.stretches;
  // Only the displayed bands are decoded: a band-interleaved 4-band image then costs 3 or 1.
  const readBands = [...new Set(bands)];
  const overview = level === 0 ? undefined : level - 1;
  const window = [column0, row0, column1, row1] as const;
  const raster = await image.readRaster({
    overview,
    window,
    bands: readBands,
    signal: context.signal,
  });
  const opacity = await readOpacity(image, overview, window, context.signal);
  const rgba = renderRgba(
    grid,
    {
      raster,
      column0,
      row0,
      levelScaleX: scaleX,
      levelScaleY: scaleY,
      levelWidth,
      levelHeight,
      opacity,
    },
    {
      bandIndices: bands.map((b) => readBands.indexOf(b)),
      stretches: readBands.map((b) => allStretches[b]),
      ...(display?.composite.kind === 'single'
        ? { colourRamp: colourRampTable(display.composite.ramp) }
        : {}),
    },
  );
  return transfer<RenderedTile>(
    {
      width: size,
      height: size,
      rgba: rgba.buffer as ArrayBuffer,
      overview: level - 1,
      bytesRead: entry.bytes.bytesRead(),
      byteLength: entry.bytes.byteLength ?? null,
    },
    [rgba.buffer as ArrayBuffer],
  );
}

/**
 * SHA-256 of a local file's bytes, which identifies it in a project (see image-references.ts);
 * null for an image opened by URL, which its URL identifies.
 */
export async function imageSha256(args: { imageId: string }): Promise<string | null> {
  const entry = opened.get(args.imageId);
  if (!entry) throw new Error(`Image ${args.imageId} is not open.`);
  const source = entry.source;
  if (source.kind === 'url') return null;
  return sha256Hex(source.kind === 'file' ? await source.file.arrayBuffer() : source.buffer);
}

/** Forgets an image and its decoded blocks; closing an image that is not open does nothing. */
export function closeImage(args: { imageId: string }): void {
  opened.delete(args.imageId);
}

/** The images held open, for checking that replaced ones were let go. */
export function openImageIds(): string[] {
  return [...opened.keys()];
}

/** Bytes read so far for an image (a remote COG fetches only what the views needed). */
export function bytesRead(args: { imageId: string }): {
  bytesRead: number;
  byteLength: number | null;
} {
  const entry = opened.get(args.imageId);
  if (!entry) throw new Error(`Image ${args.imageId} is not open.`);
  return { bytesRead: entry.bytes.bytesRead(), byteLength: entry.bytes.byteLength ?? null };
}

export const imageryApi = {
  openImage,
  renderTile,
  stretchLimits,
  imageSha256,
  closeImage,
  openImageIds,
  bytesRead,
};
export type ImageryApi = typeof imageryApi;
