// Opening a GeoTIFF the way GDAL 3.6 reads it: structure, georeferencing, bands and their values.
// Works on an ArrayBuffer or any ByteSource (file, Blob, HTTP range requests), reading only the
// header on open and only the blocks a readRaster call needs.
import { BlockCache, DEFAULT_BLOCK_CACHE_BYTES } from './block-cache.ts';
import { arrayBufferSource, ChunkedReader, type ByteSource } from './byte-source.ts';
import { cmykBlockAsRgba } from './cmyk.ts';
import { blockByteRange, blockRows, decodeBlock, type DecodedBlock } from './decode-block.ts';
import { readExternalOverviews } from './external-overviews.ts';
import { describeImage, type GeoTiffInfo } from './geotiff-info.ts';
import { readLayout, type ImageLayout } from './image-layout.ts';
import { maskFor, reducedLevels } from './overview-levels.ts';
import { asReadError, GeoTiffReadError } from './read-error.ts';
import { ThreeByteBands } from './three-byte-bands.ts';
import { allocateSamples, isComplex } from './sample-layout.ts';
import { readTiffStructure } from './tiff-ifd.ts';
import type { Raster, SampleArray } from './types.ts';

export type { ByteSource } from './byte-source.ts';
export { DEFAULT_BLOCK_CACHE_BYTES } from './block-cache.ts';
export {
  externalOverviewName,
  isExternalOverviewName,
  pairExternalOverviews,
  type ImageWithOverviews,
} from './external-overviews.ts';
export type { BandInfo, GeoTiffInfo } from './geotiff-info.ts';
export { fitGcps, type GcpFit, type GroundControlPoint } from './georeference.ts';
export { GeoTiffReadError } from './read-error.ts';

export interface ReadRasterOptions {
  /** Overview index (0 = the largest), -1 or undefined for full resolution, or a target width. */
  readonly overview?: number | { readonly targetWidth: number };
  /** [column0, row0, column1, row1) in the pixels of the chosen level; the whole level by default. */
  readonly window?: readonly [number, number, number, number];
  /** Zero-based band indices; all bands by default. */
  readonly bands?: readonly number[];
  readonly signal?: AbortSignal;
  /**
   * Read the level's internal mask instead of its bands: one Byte band, 0 where there is no data
   * and 255 where there is (1-bit masks are promoted to 255, as GDAL does).
   */
  readonly mask?: boolean;
  /** Called after each block is decoded, with blocks done and blocks needed, for a progress bar. */
  readonly onProgress?: (blocksDone: number, blocksTotal: number) => void;
}

export interface GeoTiffImage {
  readonly info: GeoTiffInfo;
  readRaster(options?: ReadRasterOptions): Promise<Raster>;
  /** Index of the smallest overview at least `targetWidth` pixels wide, or -1 for full resolution. */
  overviewFor(targetWidth: number): number;
}

export interface OpenGeoTiffOptions {
  readonly signal?: AbortSignal;
  /**
   * Largest number of samples (width × height × bands) one read may allocate, and that a file
   * without overviews may declare. Default 2^29.
   */
  readonly maxPixels?: number;
  /** The file name, used for a date in the name and in nothing else. */
  readonly name?: string;
  /**
   * The file's external overviews (`NAME.ovr`, see externalOverviewName), used as GDAL uses them:
   * only when the file has no internal overviews. An `.ovr` that cannot be used is ignored with a
   * warning in `info.warnings`; the image still opens.
   */
  readonly externalOverviews?: ArrayBuffer | ByteSource;
  /** Bytes of decoded blocks kept for re-reads, least recently used dropped first. 256 MiB. */
  readonly blockCacheBytes?: number;
}

const DEFAULT_MAX_PIXELS = 2 ** 29;
const PARALLEL_BLOCKS = 8;
/**
 * Reads of at least this many blocks gather them (ChunkedReader.gather). A map tile's read needs
 * a few blocks, and a run fetched for it could bring bytes that another tile's read, at the same
 * time, fetches again.
 */
const GATHER_FROM_BLOCKS = 16;
const count = new Intl.NumberFormat('en-GB');

/** A decoded block's key in the block cache: its level (and mask) and index. */
const blockCacheKey = (level: string, index: number) => `${level}/${index}`;

/** One resolution level: its blocks, its mask's, and the file they are read from. */
interface Level {
  readonly layout: ImageLayout;
  readonly mask: ImageLayout | null;
  readonly reader: ChunkedReader;
}

export async function openGeoTiff(
  source: ArrayBuffer | ByteSource,
  options: OpenGeoTiffOptions = {},
): Promise<GeoTiffImage> {
  const { signal } = options;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  signal?.throwIfAborted();
  const reader = new ChunkedReader(
    source instanceof ArrayBuffer ? arrayBufferSource(source) : source,
    signal,
  );
  try {
    const tiff = await readTiffStructure(reader);
    const [main, ...rest] = tiff.directories;
    const layout = readLayout(main, tiff.littleEndian, 'image');
    const internal = reducedLevels(rest, tiff.littleEndian, layout);
    const levels: Level[] = [layout, ...internal.overviews].map((level) => ({
      layout: level,
      mask: maskFor(level, internal.masks),
      reader,
    }));
    const warnings: string[] = [];
    if (options.externalOverviews && internal.overviews.length > 0) {
      warnings.push('the external overviews are not used: the file has internal ones (as in GDAL)');
    } else if (options.externalOverviews) {
      try {
        const external = await readExternalOverviews(options.externalOverviews, layout, signal);
        levels.push(...external.levels.map((level) => ({ ...level, reader: external.reader })));
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') throw error;
        const reason = error instanceof GeoTiffReadError ? error.reason : String(error);
        warnings.push(`the external overviews are not used: ${reason}`);
      }
    }
    const declared = layout.width * layout.height * layout.bandCount;
    if (declared > maxPixels && levels.length === 1) {
      throw new GeoTiffReadError(
        `declared size ${count.format(layout.width)} x ${count.format(layout.height)} x ` +
          `${layout.bandCount} bands exceeds the budget of ${count.format(maxPixels)} pixels ` +
          'and the file has no overviews to read instead',
      );
    }
    const overviewSource =
      levels.length === 1 ? 'none' : levels[1].reader === reader ? 'internal' : 'external';
    const info = describeImage(main, levels, overviewSource, tiff, options.name, warnings);
    const cache = new BlockCache(options.blockCacheBytes ?? DEFAULT_BLOCK_CACHE_BYTES);
    return new OpenedGeoTiff(info, levels, cache, maxPixels);
  } catch (error) {
    throw asReadError(error, 'the file cannot be read');
  }
}

/** target[to + k * targetStep] = source[from + k * sourceStep] for k < count. */
function copyStrided(
  target: SampleArray,
  to: number,
  targetStep: number,
  source: SampleArray,
  from: number,
  sourceStep: number,
  count: number,
): void {
  if (targetStep === 1 && sourceStep === 1) {
    target.set(source.subarray(from, from + count), to);
    return;
  }
  if (target instanceof Uint8Array && source instanceof Uint8Array) {
    copyStridedBytes(target, to, targetStep, source, from, sourceStep, count);
    return;
  }
  for (let k = 0; k < count; k++) target[to + k * targetStep] = source[from + k * sourceStep];
}

/** The same for bytes, the commonest case, kept monomorphic so it compiles to a tight loop. */
function copyStridedBytes(
  target: Uint8Array,
  to: number,
  targetStep: number,
  source: Uint8Array,
  from: number,
  sourceStep: number,
  count: number,
): void {
  for (let k = 0; k < count; k++) target[to + k * targetStep] = source[from + k * sourceStep];
}

class OpenedGeoTiff implements GeoTiffImage {
  constructor(
    readonly info: GeoTiffInfo,
    private readonly levels: readonly Level[],
    private readonly blocks: BlockCache,
    private readonly maxPixels: number,
  ) {}

  overviewFor(targetWidth: number): number {
    for (let i = this.info.overviews.length - 1; i >= 0; i--) {
      if (this.info.overviews[i][0] >= targetWidth) return i;
    }
    return -1;
  }

  private block(
    layout: ImageLayout,
    reader: ChunkedReader,
    level: string,
    index: number,
    signal?: AbortSignal,
  ): Promise<DecodedBlock> {
    return this.blocks.get(blockCacheKey(level, index), () =>
      layout.cmykAsRgba
        ? cmykBlockAsRgba(layout, index, (i) => decodeBlock(layout, i, reader, signal))
        : decodeBlock(layout, index, reader, signal),
    );
  }

  async readRaster(options: ReadRasterOptions = {}): Promise<Raster> {
    const { signal } = options;
    signal?.throwIfAborted();
    const requested = options.overview;
    const overview =
      typeof requested === 'object' ? this.overviewFor(requested.targetWidth) : (requested ?? -1);
    if (!(overview >= -1 && overview < this.levels.length - 1) || !Number.isInteger(overview)) {
      throw new GeoTiffReadError(
        `the file has no overview ${overview} (it has ${this.levels.length - 1})`,
      );
    }
    const mask = options.mask === true;
    const level = this.levels[overview + 1];
    const layout = mask ? level.mask : level.layout;
    if (!layout) {
      throw new GeoTiffReadError(
        `the file has no mask${overview >= 0 ? ` for overview ${overview}` : ''}`,
      );
    }
    const [c0, r0, c1, r1] = options.window ?? [0, 0, layout.width, layout.height];
    if (!(c0 >= 0 && r0 >= 0 && c1 <= layout.width && r1 <= layout.height && c1 > c0 && r1 > r0)) {
      throw new GeoTiffReadError(
        `the window [${c0}, ${r0}, ${c1}, ${r1}] is outside the ${layout.width} x ${layout.height} image`,
      );
    }
    const bandIndices = options.bands ?? Array.from({ length: layout.bandCount }, (_, i) => i);
    for (const band of bandIndices) {
      if (!(Number.isInteger(band) && band >= 0 && band < layout.bandCount)) {
        throw new GeoTiffReadError(`the file has no band ${band} (it has ${layout.bandCount})`);
      }
    }
    const width = c1 - c0;
    const height = r1 - r0;
    if (width * height * bandIndices.length > this.maxPixels) {
      throw new GeoTiffReadError(
        `reading ${count.format(width)} x ${count.format(height)} x ${bandIndices.length} bands ` +
          `exceeds the budget of ${count.format(this.maxPixels)} pixels; read an overview or a window`,
      );
    }
    const components = isComplex(layout.dataType) ? 2 : 1;
    const noData = mask ? null : (this.info.bands[0]?.noData ?? null);
    const bands: SampleArray[] = bandIndices.map(() =>
      allocateSamples(layout.dataType, width * height),
    );
    if (noData !== null && noData !== 0 && !isComplex(layout.dataType)) {
      for (const band of bands) band.fill(noData);
    }
    const bx0 = Math.floor(c0 / layout.blockWidth);
    const bx1 = Math.floor((c1 - 1) / layout.blockWidth);
    const by0 = Math.floor(r0 / layout.blockHeight);
    const by1 = Math.floor((r1 - 1) / layout.blockHeight);
    const jobs: { index: number; bx: number; by: number; planeBands: number[] }[] = [];
    const perPlane = layout.blocksAcross * layout.blocksDown;
    const separatePlanes = layout.planar && !layout.cmykAsRgba;
    const planes = separatePlanes
      ? bandIndices.map((b) => [b])
      : [[...bandIndices.keys()].map((i) => bandIndices[i])];
    for (let by = by0; by <= by1; by++) {
      for (let bx = bx0; bx <= bx1; bx++) {
        for (const planeBands of planes) {
          const plane = separatePlanes ? planeBands[0] : 0;
          jobs.push({
            index: plane * perPlane + by * layout.blocksAcross + bx,
            bx,
            by,
            planeBands,
          });
        }
      }
    }
    const copy = (job: (typeof jobs)[number], block: DecodedBlock) => {
      if (block.sparse) return;
      const bw = layout.blockWidth;
      const rows = Math.min(block.rows, blockRows(layout, job.by));
      const x0 = Math.max(c0, job.bx * bw);
      const x1 = Math.min(c1, (job.bx + 1) * bw);
      const y0 = Math.max(r0, job.by * layout.blockHeight);
      const y1 = Math.min(r1, job.by * layout.blockHeight + rows);
      const stride = block.samples * components;
      const values = block.values;
      // Three bands of one chunky block (planar blocks hold one): RGB imagery, the common case.
      if (job.planeBands.length === 3 && components === 1 && values instanceof Uint8Array) {
        const targets = job.planeBands.map((band) => bands[bandIndices.indexOf(band)]);
        const rows = new ThreeByteBands(targets as Uint8Array[], values, stride, job.planeBands);
        for (let y = y0; y < y1; y++) {
          const from = ((y - job.by * layout.blockHeight) * bw + x0 - job.bx * bw) * stride;
          rows.copy((y - r0) * width + x0 - c0, from, x1 - x0);
        }
        return;
      }
      for (const band of job.planeBands) {
        const target = bands[bandIndices.indexOf(band)];
        const sample = separatePlanes ? 0 : band;
        for (let y = y0; y < y1; y++) {
          const sourceRow = (y - job.by * layout.blockHeight) * bw;
          const targetRow = (y - r0) * width;
          const from = (sourceRow + x0 - job.bx * bw) * stride + sample * components;
          const to = (targetRow + x0 - c0) * components;
          for (let part = 0; part < components; part++) {
            copyStrided(target, to + part, components, block.values, from + part, stride, x1 - x0);
          }
        }
      }
    };
    const cacheKey = `${mask ? 'm' : ''}${overview + 1}`;
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        signal?.throwIfAborted();
        try {
          copy(job, await this.block(layout, level.reader, cacheKey, job.index, signal));
          options.onProgress?.(++done, jobs.length);
        } catch (error) {
          throw asReadError(error, `block ${job.index} cannot be read`);
        }
      }
    };
    // A read of many blocks (a whole image for analysis, not a map tile's few) announces those not
    // decoded yet, so that neighbours in the file are read together.
    const release =
      jobs.length >= GATHER_FROM_BLOCKS
        ? level.reader.gather(
            jobs.flatMap((job) => {
              if (this.blocks.has(blockCacheKey(cacheKey, job.index))) return [];
              const range = blockByteRange(layout, job.index);
              return range ? [range] : [];
            }),
            signal,
          )
        : () => {};
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL_BLOCKS, jobs.length) }, worker));
    } finally {
      release();
    }
    if (mask && layout.bitsPerSample === 1) {
      for (const band of bands) for (let i = 0; i < band.length; i++) band[i] = band[i] ? 255 : 0;
    }
    return { width, height, bands, dataType: layout.dataType, noData };
  }
}
