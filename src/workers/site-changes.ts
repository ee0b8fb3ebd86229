// The imagery worker's part of change detection: reading the two open images for analysis.
import { geoImageOf, type GeoImage } from '../core/change/detect-changes.ts';
import type { GeoTransform } from '../core/georef/affine.ts';
import { openedImage } from './imagery-api.ts';
import { transfer, type CallContext } from './rpc.ts';

/** Largest analysis grid; a bigger "before" is analysed on an overview. */
const MAX_ANALYSIS_PIXELS = 4096 * 4096;

async function readGeoImage(
  imageId: string,
  maxPixels: number,
  signal: AbortSignal,
  onProgress: (fraction: number) => void,
): Promise<GeoImage> {
  const { image, summary } = openedImage(imageId);
  // A GCP-only file is analysed where the map shows it, on the fit of its GCPs.
  const info = { ...summary.info, geoTransform: summary.geoTransform };
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
  const raster = await image.readRaster({
    overview,
    signal,
    onProgress: (done, total) => onProgress(total ? done / total : 1),
  });
  const geoImage = geoImageOf(info, raster);
  if (!geoImage) throw new Error(`${summary.name} has no georeferencing.`);
  // An overview covers the same ground with larger pixels.
  const gt = geoImage.geoTransform;
  const sx = info.width / raster.width;
  const sy = info.height / raster.height;
  const geoTransform: GeoTransform = [gt[0], gt[1] * sx, gt[2] * sy, gt[3], gt[4] * sx, gt[5] * sy];
  return { ...geoImage, geoTransform };
}

/**
 * The two images on which change detection runs, decoded at analysis resolution. Their buffers
 * move to the caller, which hands them on to the change worker: detection runs there, so the map's
 * tiles keep coming while it works, and cancelling it can stop that worker outright.
 */
export async function readAnalysisImages(
  args: { readonly beforeId: string; readonly afterId: string },
  context: CallContext,
) {
  // Before's blocks are the first half, after's the second; a message per percent at most.
  let reported = 0;
  const progress = (fraction: number) => {
    if (fraction - reported < 0.01 && fraction < 1) return;
    reported = fraction;
    context.progress('reading imagery', fraction);
  };
  context.progress('reading imagery', 0);
  const before = await readGeoImage(args.beforeId, MAX_ANALYSIS_PIXELS, context.signal, (f) =>
    progress(f / 2),
  );
  const after = await readGeoImage(args.afterId, 2 * MAX_ANALYSIS_PIXELS, context.signal, (f) =>
    progress(0.5 + f / 2),
  );
  const buffers = new Set<ArrayBuffer>();
  for (const band of [...before.bands, ...after.bands]) buffers.add(band.buffer as ArrayBuffer);
  return transfer({ before, after }, [...buffers]);
}
