// `sitediff detect BEFORE AFTER --out DIR`: the change pipeline over two GeoTIFFs, writing
// changes.geojson, change-mask.tif and score.tif. Outputs are written to a temporary folder beside
// DIR and renamed into place at the end, so a failure leaves nothing half-written in DIR.
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  extractChanges,
  finishPreparing,
  geoImageOf,
  NoOverlapError,
  scoreChanges,
  type DetectOptions,
  type GeoImage,
  type Stage,
  type ThresholdChoice,
} from '../core/change/detect-changes.ts';
import { GeoTiffReadError, openGeoTiff } from '../core/raster/open-geotiff.ts';
import { encodeGeoTiffParts } from '../core/raster/write-geotiff.ts';
import { collectGarbage } from './collect-garbage.ts';
import { configureNodeDecoders, configureNodeDeflate } from './node-decoders.ts';
import { nodeFileSource } from './node-file-source.ts';
import { progressLine, type ProgressLine } from './progress-line.ts';

const usage = `usage: sitediff detect BEFORE AFTER --out DIR [--threshold auto|otsu|ki|NUMBER]
                      [--structure NUMBER|off] [--vegetation NDVI|off] [--min-area M2] [--no-align] [--json]`;

class UsageError extends Error {}

interface DetectArguments {
  readonly before: string;
  readonly after: string;
  readonly out: string;
  readonly options: DetectOptions;
  readonly json: boolean;
}

export function parseDetectArguments(args: string[]): DetectArguments {
  const positional: string[] = [];
  let out: string | null = null;
  let threshold: ThresholdChoice = 'auto';
  let minAreaSquareMetres: number | undefined;
  let structureThreshold: number | undefined;
  let vegetationNdvi: number | undefined;
  let align = true;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--out') out = value();
    else if (arg === '--threshold') {
      const v = value();
      if (v === 'auto' || v === 'otsu' || v === 'ki') threshold = v;
      else if (Number.isFinite(Number(v)) && v.trim() !== '') threshold = Number(v);
      else throw new UsageError(`--threshold must be auto, otsu, ki or a number, not "${v}".`);
    } else if (arg === '--min-area') {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0)
        throw new UsageError('--min-area must be square metres ≥ 0.');
      minAreaSquareMetres = v;
    } else if (arg === '--structure') {
      const v = value();
      if (v === 'off') structureThreshold = Infinity;
      else if (Number.isFinite(Number(v)) && v.trim() !== '' && Number(v) > 0)
        structureThreshold = Number(v);
      else throw new UsageError(`--structure must be a number > 0 or off, not "${v}".`);
    } else if (arg === '--vegetation') {
      const v = value();
      if (v === 'off') vegetationNdvi = Infinity;
      else if (v.trim() !== '' && Number(v) > -1 && Number(v) < 1) vegetationNdvi = Number(v);
      else
        throw new UsageError(`--vegetation must be an NDVI between -1 and 1 or off, not "${v}".`);
    } else if (arg === '--no-align') align = false;
    else if (arg === '--json') json = true;
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    else positional.push(arg);
  }
  if (positional.length !== 2) throw new UsageError('Give exactly two images, BEFORE and AFTER.');
  if (!out) throw new UsageError('--out DIR is required.');
  return {
    before: positional[0],
    after: positional[1],
    out,
    json,
    options: {
      threshold,
      align,
      ...(minAreaSquareMetres === undefined ? {} : { minAreaSquareMetres }),
      ...(structureThreshold === undefined ? {} : { structureThreshold }),
      ...(vegetationNdvi === undefined ? {} : { vegetationNdvi }),
    },
  };
}

async function readGeoImage(
  path: string,
  role: string,
  onProgress: (fraction: number) => void,
): Promise<GeoImage & { epsg: number | null }> {
  let source;
  try {
    source = await nodeFileSource(path);
  } catch (error) {
    throw new InputError(`Cannot open the ${role} image ${path}: ${(error as Error).message}`);
  }
  try {
    // Read once, whole: a block cache would only hold a second copy of the image until the end.
    const image = await openGeoTiff(source, { name: basename(path), blockCacheBytes: 0 });
    const raster = await image.readRaster({
      onProgress: (done, total) => onProgress(total ? done / total : 1),
    });
    const geoImage = geoImageOf(image.info, raster);
    if (!geoImage) {
      throw new InputError(
        `The ${role} image ${path} is not georeferenced (no geotransform or CRS).`,
      );
    }
    return { ...geoImage, epsg: geoImage.crs.epsg };
  } catch (error) {
    if (error instanceof GeoTiffReadError)
      throw new InputError(`Cannot read the ${role} image ${path}: ${error.reason}`);
    throw error;
  } finally {
    await source.close();
  }
}

class InputError extends Error {}

/**
 * Parts of a file gathered into writes of at least a mebibyte: a tile's 4-byte leader and trailer
 * would otherwise each be a write of their own.
 */
function* coalesced(parts: readonly Uint8Array[]): Generator<Uint8Array> {
  const chunkBytes = 2 ** 20;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = () => {
    const chunk = new Uint8Array(pendingBytes);
    let offset = 0;
    for (const part of pending) {
      chunk.set(part, offset);
      offset += part.length;
    }
    pending = [];
    pendingBytes = 0;
    return chunk;
  };
  for (const part of parts) {
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes >= chunkBytes) yield flush();
  }
  if (pendingBytes > 0) yield flush();
}

/**
 * Both images read and compared. Only what the outputs and the summary need leaves this function:
 * the before image becomes garbage once the score pass has read it (before the structure stage),
 * the after image (read through PreparedChanges.afterBands by the footprint candidates) before
 * anything is written.
 */
async function readAndDetect(args: DetectArguments, progress: ProgressLine | null) {
  const started = performance.now();
  await configureNodeDecoders();
  configureNodeDeflate();
  // Both images are read at once: the reading's share is the mean of theirs.
  const reading = [0, 0];
  const readProgress = (image: number) => (fraction: number) => {
    reading[image] = fraction;
    progress?.step('reading imagery', (reading[0] + reading[1]) / 2);
  };
  progress?.step('reading imagery', 0);
  // Held in one place only, so that dropping them there frees them.
  const decoded: { images: [GeoImage & { epsg: number | null }, GeoImage] | null } = {
    images: await Promise.all([
      readGeoImage(args.before, 'before', readProgress(0)),
      readGeoImage(args.after, 'after', readProgress(1)),
    ]),
  };
  const hooks = progress
    ? { onProgress: (stage: Stage, f: number) => progress.step(stage, f) }
    : {};
  const read = performance.now();
  // No local variable names the images: after the score pass, `decoded` is before's only holder.
  const epsg = decoded.images![0].epsg;
  if (epsg === null) {
    throw new InputError('The before image has a CRS without an EPSG code; outputs need one.');
  }
  const kind = decoded.images![0].crs.isGeographic ? 'geographic' : 'projected';
  const scored = scoreChanges(decoded.images![0], decoded.images![1], args.options, hooks);
  decoded.images = null;
  // One turn of the event loop before the structure stage, then a collection. Measured on a 4096²
  // RGB pair: without the turn the images' 96 MB stayed resident to the end, even after a forced
  // collection; without the collection they stayed into the structure stage (collect-garbage.ts).
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const prepared = finishPreparing(scored, hooks);
  const result = extractChanges(prepared, args.options, hooks);
  const { width, height, geoTransform, score, coregistration } = prepared;
  return {
    started,
    width,
    height,
    geoTransform,
    crs: { epsg, kind } as const,
    score,
    mask: result.mask,
    regions: result.regions,
    summary: {
      width,
      height,
      pixelSizeMetres: prepared.pixelSizeMetres,
      shift: {
        pixels: coregistration.shiftPixels,
        metres: coregistration.shiftMetres,
        confidence: coregistration.confidence,
        spreadPixels: coregistration.spreadPixels,
        manual: coregistration.manual,
        chips: coregistration.chips.length,
      },
      threshold: result.threshold,
      structure: result.structure,
      vegetation: result.vegetation,
      relitRegions: result.relitRegions,
      changedFraction: result.changedFractionAfterCleanUp,
      overlapFraction: prepared.overlapFraction,
      polygonCount: result.regions.features.length,
    },
    timingsMilliseconds: {
      read: read - started,
      ...prepared.timingsMilliseconds,
      ...result.timingsMilliseconds,
    },
  };
}

/** `progress`: where to show how far it is (a terminal's line); null: nowhere. */
export async function runDetect(
  args: DetectArguments,
  progress: ProgressLine | null = null,
): Promise<Record<string, unknown>> {
  const detected = await readAndDetect(args, progress);
  progress?.say('Writing the outputs…');
  const writing = performance.now();
  const { width, height, geoTransform, crs } = detected;
  const out = resolve(args.out);
  await mkdir(dirname(out), { recursive: true });
  const temporary = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  try {
    await writeFile(join(temporary, 'changes.geojson'), JSON.stringify(detected.regions));
    // Each raster encoded and written in turn, as parts: never two encoded files, nor a file
    // beside its own tiles, at once.
    await writeFile(
      join(temporary, 'change-mask.tif'),
      coalesced(
        encodeGeoTiffParts(
          { width, height, bands: [detected.mask], dataType: 'Byte', noData: 255 },
          {
            geoTransform,
            crs,
            overviewResampling: 'nearest',
            software: 'sitediff detect',
            bandMetadata: [{ description: 'change: 1 changed, 0 unchanged, 255 nodata' }],
          },
        ),
      ),
    );
    await writeFile(
      join(temporary, 'score.tif'),
      coalesced(
        encodeGeoTiffParts(
          { width, height, bands: [detected.score], dataType: 'Float32', noData: NaN },
          {
            geoTransform,
            crs,
            software: 'sitediff detect',
            bandMetadata: [{ description: 'change score (normalised change-vector magnitude)' }],
          },
        ),
      ),
    );
    await mkdir(out, { recursive: true });
    for (const name of ['changes.geojson', 'change-mask.tif', 'score.tif'])
      await rename(join(temporary, name), join(out, name));
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  const finished = performance.now();
  const cpu = process.cpuUsage();
  return {
    before: args.before,
    after: args.after,
    out,
    ...detected.summary,
    peakResidentMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
    // All threads' CPU time (the inflating thread pool too), for comparing runs on a busy machine.
    cpuMilliseconds: Math.round((cpu.user + cpu.system) / 1000),
    timingsMilliseconds: {
      ...detected.timingsMilliseconds,
      write: finished - writing,
      total: finished - detected.started,
    },
  };
}

export const detectCommand = {
  summary: 'find changes between two GeoTIFFs and write polygons, a mask and the score',
  run: async (args: string[]): Promise<number> => {
    let parsed: DetectArguments;
    try {
      parsed = parseDetectArguments(args);
    } catch (error) {
      process.stderr.write(`sitediff detect: ${(error as Error).message}\n${usage}\n`);
      return 1;
    }
    // On a terminal, a line that says how far it is; elsewhere nothing.
    const progress = progressLine(process.stderr, 'sitediff detect: ');
    try {
      const summary = await runDetect(parsed, progress);
      progress.clear();
      process.stdout.write(JSON.stringify(summary, null, parsed.json ? undefined : 2) + '\n');
      return 0;
    } catch (error) {
      progress.clear();
      if (error instanceof NoOverlapError) {
        process.stderr.write(
          `sitediff detect: ${error.message} (before: ${parsed.before}; after: ${parsed.after})\n`,
        );
        return 1;
      }
      if (error instanceof InputError || error instanceof UsageError) {
        process.stderr.write(`sitediff detect: ${error.message}\n`);
        return 1;
      }
      process.stderr.write(`sitediff detect: ${(error as Error).message}\n`);
      return 1;
    }
  },
};
