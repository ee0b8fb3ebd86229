// Opening a GeoTIFF the way GDAL 3.6 reads it: structure, georeferencing, bands and their values.
// Works on an ArrayBuffer or any ByteSource (file, Blob, HTTP range requests), reading only the
// header on open and only the blocks a readRaster call needs.
import type { GeoTransform } from '../georef/affine.ts';
import { crsFromGeoKeys, type Crs } from '../georef/crs.ts';
import { acquisitionDate } from './acquisition-date.ts';
import { arrayBufferSource, ChunkedReader, type ByteSource } from './byte-source.ts';
import { cmykBlockAsRgba } from './cmyk.ts';
import { blockRows, compressionNames, decodeBlock, type DecodedBlock } from './decode-block.ts';
import { parseGdalMetadata, parseNoData, type GdalMetadataItem } from './gdal-metadata.ts';
import { readGeoKeys } from './geokeys.ts';
import { readGeoreference, type GroundControlPoint } from './georeference.ts';
import { readLayout, type ImageLayout } from './image-layout.ts';
import { asReadError, GeoTiffReadError } from './read-error.ts';
import { allocateSamples, isComplex } from './sample-layout.ts';
import { readTiffStructure, type TiffDirectory } from './tiff-ifd.ts';
import { Tag, tagNumber, tagNumbers, tagText } from './tiff-tags.ts';
import type { ColorInterpretation, DataType, Raster, SampleArray } from './types.ts';

export type { ByteSource } from './byte-source.ts';
export { GeoTiffReadError } from './read-error.ts';

export interface BandInfo {
  readonly dataType: DataType;
  readonly noData: number | null;
  readonly colorInterpretation: ColorInterpretation;
  readonly scale: number | null;
  readonly offset: number | null;
  readonly description: string | null;
}

export interface GeoTiffInfo {
  readonly width: number;
  readonly height: number;
  readonly bandCount: number;
  readonly bands: readonly BandInfo[];
  /** GDAL order, origin at the outer corner of the top-left pixel; null without georeferencing. */
  readonly geoTransform: GeoTransform | null;
  readonly gcps: readonly GroundControlPoint[];
  readonly crs: Crs | null;
  readonly areaOrPoint: 'Area' | 'Point';
  /** Internal overview sizes [width, height], largest first. External .ovr files are not read. */
  readonly overviews: readonly (readonly [number, number])[];
  /** GDAL's COMPRESSION name (DEFLATE, LZW, JPEG, "YCbCr JPEG", ...), null when uncompressed. */
  readonly compression: string | null;
  readonly interleave: 'PIXEL' | 'BAND';
  /** ISO 8601 date or date-time, or null when the file does not say. */
  readonly acquisitionDate: string | null;
  /** Dataset-level GDAL metadata and TIFF text tags (TIFFTAG_DATETIME, TIFFTAG_SOFTWARE, ...). */
  readonly metadata: Readonly<Record<string, string>>;
  /** [width, height] of one block: a tile, or a strip (full width). */
  readonly tileSize: readonly [number, number];
  readonly tiled: boolean;
  readonly bigTiff: boolean;
  readonly littleEndian: boolean;
  readonly hasMask: boolean;
  /** Things libtiff would warn about: ignored tags and the like. */
  readonly warnings: readonly string[];
}

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
}

const DEFAULT_MAX_PIXELS = 2 ** 29;
const BLOCK_CACHE_ENTRIES = 256;
const PARALLEL_BLOCKS = 8;
const count = new Intl.NumberFormat('en-GB');

/** NewSubfileType bits (TIFF 6.0 section 8): reduced-resolution image, transparency mask. */
const REDUCED_RESOLUTION = 1;
const MASK = 4;

function colorInterpretations(layout: ImageLayout): ColorInterpretation[] {
  const extra = tagNumbers(layout.directory, Tag.ExtraSamples) ?? [];
  const n = layout.samplesPerPixel;
  if (layout.cmykAsRgba) return ['Red', 'Green', 'Blue', 'Alpha'];
  const result: ColorInterpretation[] = new Array(n).fill('Undefined');
  const photometric = layout.photometric;
  let colourSamples = 0;
  if (photometric === 2 || (photometric === 6 && (layout.compression === 7 || layout.ycbcrAsRgb))) {
    colourSamples = 3;
    result.splice(0, Math.min(3, n), ...(['Red', 'Green', 'Blue'] as const).slice(0, n));
  } else if (photometric === 3) {
    colourSamples = 1;
    result[0] = 'Palette';
  } else if (photometric === 0 || photometric === 1) {
    colourSamples = 1;
    result[0] = 'Gray';
  }
  for (let i = 0; i < extra.length; i++) {
    const band = n - extra.length + i;
    if (band >= colourSamples && band < n && (extra[i] === 1 || extra[i] === 2))
      result[band] = 'Alpha';
  }
  return result;
}

function readMetadata(directory: TiffDirectory): GdalMetadataItem[] {
  const xml = tagText(directory, Tag.GdalMetadata);
  return xml ? parseGdalMetadata(xml) : [];
}

function compressionName(layout: ImageLayout): string | null {
  if (layout.compression === 1) return null;
  if (layout.compression === 7 && layout.photometric === 6) return 'YCbCr JPEG';
  if (layout.compression === 34887) {
    const parameters = tagNumbers(layout.directory, Tag.LercParameters);
    const extra = parameters?.[1];
    return extra === 1 ? 'LERC_DEFLATE' : extra === 2 ? 'LERC_ZSTD' : 'LERC';
  }
  return compressionNames[layout.compression] ?? String(layout.compression);
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
    const overviewLayouts: ImageLayout[] = [];
    const maskLayouts: ImageLayout[] = [];
    for (const directory of rest) {
      const subfileType = tagNumber(directory, Tag.NewSubfileType) ?? 0;
      if (subfileType & MASK) {
        try {
          maskLayouts.push(readLayout(directory, tiff.littleEndian, 'mask'));
        } catch {
          // An unreadable mask is ignored, as GDAL does; the pixels still read.
        }
        continue;
      }
      if (!(subfileType & REDUCED_RESOLUTION)) continue;
      try {
        const overview = readLayout(directory, tiff.littleEndian, 'overview');
        if (
          overview.bandCount === layout.bandCount &&
          overview.dataType === layout.dataType &&
          overview.width <= layout.width &&
          overview.height <= layout.height
        ) {
          overviewLayouts.push(overview);
        }
      } catch {
        // GDAL skips an overview it cannot use; the full-resolution image still reads.
      }
    }
    overviewLayouts.sort((a, b) => b.width - a.width);
    const declared = layout.width * layout.height * layout.bandCount;
    if (declared > maxPixels && overviewLayouts.length === 0) {
      throw new GeoTiffReadError(
        `declared size ${count.format(layout.width)} x ${count.format(layout.height)} x ` +
          `${layout.bandCount} bands exceeds the budget of ${count.format(maxPixels)} pixels ` +
          'and the file has no overviews to read instead',
      );
    }
    const levels = [layout, ...overviewLayouts];
    // GDAL pairs each level with the mask of the same size (NewSubfileType 4, or 5 for overviews).
    const masks = levels.map(
      (level) =>
        maskLayouts.find((m) => m.width === level.width && m.height === level.height) ?? null,
    );
    const info = describe(main, layout, overviewLayouts, masks[0] !== null, tiff, options.name);
    return new OpenedGeoTiff(info, reader, levels, masks, maxPixels);
  } catch (error) {
    throw asReadError(error, 'the file cannot be read');
  }
}

function describe(
  main: TiffDirectory,
  layout: ImageLayout,
  overviews: readonly ImageLayout[],
  hasMask: boolean,
  tiff: { bigTiff: boolean; littleEndian: boolean; directories: readonly TiffDirectory[] },
  fileName: string | undefined,
): GeoTiffInfo {
  const geoKeys = readGeoKeys(main);
  const georeference = readGeoreference(main, geoKeys);
  const metadata = readMetadata(main);
  const noData = parseNoData(tagText(main, Tag.GdalNoData));
  const interpretations = colorInterpretations(layout);
  const bandItem = (band: number, role: string) =>
    metadata.find((i) => i.sample === band && i.role?.toLowerCase() === role)?.value ?? null;
  const bands: BandInfo[] = interpretations.map((colorInterpretation, band) => {
    const scale = bandItem(band, 'scale');
    const offset = bandItem(band, 'offset');
    return {
      dataType: layout.dataType,
      noData,
      colorInterpretation,
      scale: scale === null ? null : Number(scale),
      offset: offset === null ? null : Number(offset),
      description: bandItem(band, 'description'),
    };
  });
  const datasetMetadata: Record<string, string> = {};
  for (const item of metadata) {
    if (item.sample === null && !item.domain) datasetMetadata[item.name] = item.value;
  }
  const textTags: [string, number][] = [
    ['TIFFTAG_DATETIME', Tag.DateTime],
    ['TIFFTAG_SOFTWARE', Tag.Software],
    ['TIFFTAG_IMAGEDESCRIPTION', Tag.ImageDescription],
  ];
  for (const [name, tag] of textTags) {
    const text = tagText(main, tag);
    if (text !== undefined && text !== '') datasetMetadata[name] = text;
  }
  return {
    width: layout.width,
    height: layout.height,
    bandCount: layout.bandCount,
    bands,
    geoTransform: georeference.geoTransform,
    gcps: georeference.gcps,
    crs: geoKeys ? crsFromGeoKeys(geoKeys) : null,
    areaOrPoint: georeference.areaOrPoint,
    overviews: overviews.map((o) => [o.width, o.height] as const),
    compression: compressionName(layout),
    interleave: layout.planar || layout.samplesPerPixel === 1 ? 'BAND' : 'PIXEL',
    acquisitionDate: acquisitionDate(metadata, tagText(main, Tag.DateTime), fileName),
    metadata: datasetMetadata,
    tileSize: [layout.blockWidth, layout.blockHeight],
    tiled: layout.tiled,
    bigTiff: tiff.bigTiff,
    littleEndian: tiff.littleEndian,
    hasMask,
    warnings: tiff.directories.flatMap((d) => d.warnings),
  };
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
  private readonly blocks = new Map<string, Promise<DecodedBlock>>();

  constructor(
    readonly info: GeoTiffInfo,
    private readonly reader: ChunkedReader,
    private readonly levels: readonly ImageLayout[],
    private readonly masks: readonly (ImageLayout | null)[],
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
    level: string,
    index: number,
    signal?: AbortSignal,
  ): Promise<DecodedBlock> {
    const key = `${level}/${index}`;
    let cached = this.blocks.get(key);
    if (cached) {
      this.blocks.delete(key);
      this.blocks.set(key, cached);
      return cached;
    }
    cached = layout.cmykAsRgba
      ? cmykBlockAsRgba(layout, index, (i) => decodeBlock(layout, i, this.reader, signal))
      : decodeBlock(layout, index, this.reader, signal);
    cached.catch(() => this.blocks.delete(key));
    this.blocks.set(key, cached);
    if (this.blocks.size > BLOCK_CACHE_ENTRIES) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    return cached;
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
    const layout = mask ? this.masks[overview + 1] : this.levels[overview + 1];
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
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        signal?.throwIfAborted();
        try {
          copy(
            job,
            await this.block(layout, `${mask ? 'm' : ''}${overview + 1}`, job.index, signal),
          );
          options.onProgress?.(++done, jobs.length);
        } catch (error) {
          throw asReadError(error, `block ${job.index} cannot be read`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_BLOCKS, jobs.length) }, worker));
    if (mask && layout.bitsPerSample === 1) {
      for (const band of bands) for (let i = 0; i < band.length; i++) band[i] = band[i] ? 255 : 0;
    }
    return { width, height, bands, dataType: layout.dataType, noData };
  }
}
