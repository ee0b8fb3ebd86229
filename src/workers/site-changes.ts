// Change detection over the two open images, in the imagery worker that already holds them. The
// slow part (grid, co-registration, normalisation, score) is cached per image pair and options, so
// a new threshold or minimum area only re-runs the quick part.
import {
  geoImageOf,
  type ExtractOptions,
  type GeoImage,
  type PrepareOptions,
} from '../core/change/detect-changes.ts';
import type { GeoTransform } from '../core/georef/affine.ts';
import { changeWorkerApi, type PrepareSummary } from './change-worker-api.ts';
import { openedImage } from './imagery-api.ts';
import type { CallContext } from './rpc.ts';

/** Largest analysis grid; a bigger "before" is analysed on an overview. */
const MAX_ANALYSIS_PIXELS = 4096 * 4096;

let cachedPair: { key: string; summary: PrepareSummary } | null = null;

async function readGeoImage(
  imageId: string,
  maxPixels: number,
  signal: AbortSignal,
): Promise<GeoImage> {
  const { image, summary } = openedImage(imageId);
  const info = summary.info;
  // Full resolution when it fits, else the largest overview that does.
  let overview = -1;
  let [width, height] = [info.width, info.height];
  for (let i = 0; width * height > maxPixels && i < info.overviews.length; i++) {
    overview = i;
    [width, height] = info.overviews[i];
  }
  if (width * height > maxPixels) {
    throw new Error(`${summary.name} is too large to analyse and has no overview small enough.`);
  }
  const raster = await image.readRaster({ overview, signal });
  const geoImage = geoImageOf(info, raster);
  if (!geoImage) throw new Error(`${summary.name} has no georeferencing.`);
  // An overview covers the same ground with larger pixels.
  const gt = geoImage.geoTransform;
  const sx = info.width / raster.width;
  const sy = info.height / raster.height;
  const geoTransform: GeoTransform = [gt[0], gt[1] * sx, gt[2] * sy, gt[3], gt[4] * sx, gt[5] * sy];
  return { ...geoImage, geoTransform };
}

export interface SiteChangesArguments {
  readonly beforeId: string;
  readonly afterId: string;
  readonly prepare?: PrepareOptions;
  readonly extract?: ExtractOptions;
}

export async function detectSiteChanges(args: SiteChangesArguments, context: CallContext) {
  const key = JSON.stringify([args.beforeId, args.afterId, args.prepare ?? {}]);
  if (cachedPair?.key !== key) {
    if (cachedPair) changeWorkerApi.release({ id: cachedPair.summary.id });
    cachedPair = null;
    context.progress('reading imagery', 0);
    const before = await readGeoImage(args.beforeId, MAX_ANALYSIS_PIXELS, context.signal);
    const after = await readGeoImage(args.afterId, 2 * MAX_ANALYSIS_PIXELS, context.signal);
    const summary = changeWorkerApi.prepare({ before, after, options: args.prepare }, context);
    cachedPair = { key, summary };
  }
  const prepared = cachedPair.summary;
  const { value: result } = changeWorkerApi.detect(
    { id: prepared.id, options: args.extract },
    context,
  );
  return {
    coregistration: prepared.coregistration,
    overlapFraction: prepared.overlapFraction,
    analysisSize: [prepared.width, prepared.height] as const,
    threshold: result.threshold,
    changedFraction: result.changedFractionAfterCleanUp,
    regions: result.regions,
    timingsMilliseconds: { ...prepared.timingsMilliseconds, ...result.timingsMilliseconds },
  };
}

export type SiteChanges = Awaited<ReturnType<typeof detectSiteChanges>>;
