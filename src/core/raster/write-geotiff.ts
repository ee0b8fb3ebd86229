// Cloud-Optimized GeoTIFF encoder. geotiff.js's own writer only writes single-strip uncompressed
// images without overviews, so tiling, Deflate, predictors and internal overviews are done here.
// Layout as GDAL's COG driver: header, every IFD (full resolution first, then overviews), then the
// tiles of the smallest overview first and of the full-resolution image last, so that a reader
// fetching by ranges finds all metadata in the first bytes (COG specification, "Layout").
import type { GeoTransform } from '../georef/affine.ts';
import {
  FieldType,
  asciiField,
  directoryByteLength,
  numericField,
  writeDirectory,
  type TiffField,
} from './tiff-directory.ts';
import {
  deflateInJavaScript,
  encodeTiles,
  halve,
  littleEndianPlatform,
  sampleLayouts,
  type DeflateLevel,
  type Level,
  type OverviewResampling,
  type Predictor,
  type SampleLayout,
} from './tiff-tiles.ts';
import type { ColorInterpretation, Raster } from './types.ts';

export type { OverviewResampling, Predictor } from './tiff-tiles.ts';

export interface GeoTiffBandMetadata {
  readonly description?: string;
  readonly colorInterpretation?: ColorInterpretation;
  /** Further GDAL metadata items of this band. */
  readonly items?: Readonly<Record<string, string>>;
}

export interface EncodeGeoTiffOptions {
  /** North-up GDAL geotransform of the full-resolution image. */
  readonly geoTransform: GeoTransform;
  /** The EPSG code and whether it names a projected or a geographic CRS (GeoTIFF 1.1, 7.5). */
  readonly crs: { readonly epsg: number; readonly kind: 'projected' | 'geographic' };
  readonly tileSizePixels?: number;
  /** Default: horizontal differencing for integers, the floating-point predictor for floats. */
  readonly predictor?: Predictor;
  /** Default: halve until the whole image fits in one tile. */
  readonly overviewCount?: number;
  /** 'average' for imagery, 'nearest' for masks and classes. */
  readonly overviewResampling?: OverviewResampling;
  /** TIFF DateTime, "YYYY:MM:DD HH:MM:SS" (see `tiffDateTime`). */
  readonly dateTime?: string;
  readonly software?: string;
  readonly imageDescription?: string;
  /** Dataset-level GDAL metadata items (tag 42112). */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly bandMetadata?: readonly GeoTiffBandMetadata[];
  readonly deflateLevel?: DeflateLevel;
}

const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  ImageDescription: 270,
  SamplesPerPixel: 277,
  PlanarConfiguration: 284,
  Software: 305,
  DateTime: 306,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  GeoKeyDirectory: 34735,
  GdalMetadata: 42112,
  GdalNoData: 42113,
} as const;

/** Converts an ISO 8601 UTC time ("2024-04-18T02:10:00Z" or "2024-04-18") to TIFF DateTime. */
export function tiffDateTime(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?)?$/.exec(iso);
  if (!match) throw new Error(`Not an ISO 8601 UTC date or time: "${iso}".`);
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  return `${year}:${month}:${day} ${hour}:${minute}:${second}`;
}

/**
 * GDAL's COG "ghost area" between the header and the first IFD (GDAL COG driver documentation,
 * "Header ghost area"): it tells GDAL the layout, and that every tile is preceded by its size and
 * followed by a copy of its last 4 bytes, so a reader can fetch a tile and check it is whole.
 * The size counts the lines after the first; the final space leaves room for "YES" in place of
 * "NO", as GDAL writes it.
 */
const GHOST_BODY =
  'LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\n' +
  'BLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';
const GHOST_HEADER = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST_BODY.length).padStart(6, '0')} bytes\n${GHOST_BODY}`;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** GDAL's GTiff metadata tag: <GDALMetadata><Item name=".." [sample=".." role=".."]>..</Item>. */
function gdalMetadataXml(options: EncodeGeoTiffOptions): string | null {
  const items: string[] = [];
  const item = (name: string, value: string, sample?: number, role?: string) => {
    const where = sample === undefined ? '' : ` sample="${sample}"`;
    const how = role === undefined ? '' : ` role="${role}"`;
    items.push(`  <Item name="${escapeXml(name)}"${where}${how}>${escapeXml(value)}</Item>`);
  };
  for (const [name, value] of Object.entries(options.metadata ?? {})) item(name, value);
  (options.bandMetadata ?? []).forEach((band, sample) => {
    for (const [name, value] of Object.entries(band.items ?? {})) item(name, value, sample);
    if (band.description !== undefined)
      item('DESCRIPTION', band.description, sample, 'description');
    if (band.colorInterpretation !== undefined) {
      item('COLORINTERP', band.colorInterpretation, sample, 'colorinterp');
    }
  });
  return items.length === 0 ? null : `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>`;
}

function formatNoData(noData: number): string {
  if (Number.isNaN(noData)) return 'nan';
  if (noData === Infinity) return 'inf';
  if (noData === -Infinity) return '-inf';
  return String(noData);
}

function checkInput(
  raster: Raster,
  options: EncodeGeoTiffOptions,
  predictor: Predictor,
  layout: SampleLayout,
): void {
  const { width, height, bands } = raster;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Invalid raster size ${width} x ${height}.`);
  }
  if (bands.length < 1 || bands.length > 65535)
    throw new Error('A GeoTIFF needs 1 to 65535 bands.');
  for (const band of bands) {
    if (band.length !== width * height)
      throw new Error('Every band must hold width * height samples.');
  }
  const gt = options.geoTransform;
  if (gt[2] !== 0 || gt[4] !== 0 || !(gt[1] > 0) || !(gt[5] < 0)) {
    throw new Error('Only north-up geotransforms (no rotation, rows going south) can be written.');
  }
  const tileSize = options.tileSizePixels ?? 256;
  if (tileSize < 16 || tileSize % 16 !== 0) throw new Error('TIFF tile sizes are multiples of 16.');
  if (predictor === 'horizontal' && layout.format === 3) {
    throw new Error(
      'Horizontal differencing applies to integers; use the floating-point predictor.',
    );
  }
  if (predictor === 'floatingPoint' && layout.format !== 3) {
    throw new Error('The floating-point predictor applies to Float32 and Float64 only.');
  }
  if (
    options.dateTime !== undefined &&
    !/^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/.test(options.dateTime)
  ) {
    throw new Error(`TIFF DateTime must read "YYYY:MM:DD HH:MM:SS", not "${options.dateTime}".`);
  }
  if (!littleEndianPlatform) throw new Error('The GeoTIFF writer needs a little-endian platform.');
}

/** Share of its bytes that level 1 must save on a sample tile for a float raster to be compressed. */
const worthwhileSaving = 0.2;

/**
 * Deflate level when the caller sets none: 6, as GDAL, except for float rasters that barely
 * compress. Noise in the low mantissa bits (a change score) defeats Deflate: measured on the
 * benchmark's 4096² score, level 6 saved 18 % of the bytes and took 9 times as long as storing.
 * So the centre tile is tried at level 1 first, and data it shrinks by less than a fifth is
 * stored (level 0, still a valid Deflate stream that every reader inflates).
 */
function defaultDeflateLevel(
  level: Level,
  tileSize: number,
  layout: SampleLayout,
  predictor: Predictor,
): DeflateLevel {
  if (layout.format !== 3) return 6;
  const width = Math.min(tileSize, level.width);
  const height = Math.min(tileSize, level.height);
  const column = (level.width - width) >> 1;
  const row = (level.height - height) >> 1;
  const bands = level.bands.map((band) => {
    const tile = layout.create(width * height);
    for (let y = 0; y < height; y++) {
      const from = (row + y) * level.width + column;
      tile.set(band.subarray(from, from + width), y * width);
    }
    return tile;
  });
  // Always fflate: the choice must not depend on which zlib the runtime handed in.
  const [sample] = encodeTiles(
    { width, height, bands },
    tileSize,
    layout,
    predictor,
    1,
    deflateInJavaScript,
  );
  const rawBytes = tileSize * tileSize * level.bands.length * layout.bytes;
  return sample.length > (1 - worthwhileSaving) * rawBytes ? 0 : 6;
}

/** Encodes a raster as a tiled, Deflate-compressed GeoTIFF with internal overviews. */
export function encodeGeoTiff(raster: Raster, options: EncodeGeoTiffOptions): Uint8Array {
  const parts = encodeGeoTiffParts(raster, options);
  const file = new Uint8Array(parts.reduce((bytes, part) => bytes + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/**
 * The same file as consecutive parts (header and directories, then each tile with its leader
 * and trailer), for a caller that writes them out one after the other: the file is then never
 * held whole beside its tiles (85 MB each for a 4096² Float32 score).
 */
export function encodeGeoTiffParts(raster: Raster, options: EncodeGeoTiffOptions): Uint8Array[] {
  const layout = sampleLayouts[raster.dataType];
  if (!layout) throw new Error(`Writing ${raster.dataType} rasters is not supported.`);
  const requestedPredictor =
    options.predictor ?? (layout.format === 3 ? 'floatingPoint' : 'horizontal');
  checkInput(raster, options, requestedPredictor, layout);
  const tileSize = options.tileSizePixels ?? 256;
  const samplesPerPixel = raster.bands.length;

  const levels: Level[] = [{ width: raster.width, height: raster.height, bands: raster.bands }];
  const wanted = options.overviewCount;
  for (;;) {
    const last = levels[levels.length - 1];
    const more =
      wanted === undefined ? Math.max(last.width, last.height) > tileSize : levels.length <= wanted;
    if (!more || (last.width === 1 && last.height === 1)) break;
    levels.push(halve(last, options.overviewResampling ?? 'average', raster.noData, layout));
  }
  const deflateLevel =
    options.deflateLevel ?? defaultDeflateLevel(levels[0], tileSize, layout, requestedPredictor);
  // Stored tiles gain nothing from a predictor, and without one there is nothing to undo.
  const predictor =
    deflateLevel === 0 && options.predictor === undefined ? 'none' : requestedPredictor;
  const tilesByLevel = levels.map((level) =>
    encodeTiles(level, tileSize, layout, predictor, deflateLevel),
  );

  const rgb = samplesPerPixel === 3 && raster.dataType === 'Byte';
  const colorBands = rgb ? 3 : 1;
  const extraSamples = raster.bands.slice(colorBands).map((_, i) =>
    // ExtraSamples 2 is unassociated alpha; 0 is unspecified data, like the NIR band.
    options.bandMetadata?.[colorBands + i]?.colorInterpretation === 'Alpha' ? 2 : 0,
  );
  const repeat = (value: number) => raster.bands.map(() => value);
  const predictorCode = { none: 1, horizontal: 2, floatingPoint: 3 }[predictor];
  const xml = gdalMetadataXml(options);

  const directoryFields = (
    level: Level,
    index: number,
    offsets: number[],
    counts: number[],
  ): TiffField[] => {
    const fields: TiffField[] = [
      numericField(Tag.ImageWidth, FieldType.Long, [level.width]),
      numericField(Tag.ImageLength, FieldType.Long, [level.height]),
      numericField(Tag.BitsPerSample, FieldType.Short, repeat(layout.bytes * 8)),
      numericField(Tag.Compression, FieldType.Short, [8]),
      numericField(Tag.Photometric, FieldType.Short, [rgb ? 2 : 1]),
      numericField(Tag.SamplesPerPixel, FieldType.Short, [samplesPerPixel]),
      numericField(Tag.PlanarConfiguration, FieldType.Short, [1]),
      numericField(Tag.Predictor, FieldType.Short, [predictorCode]),
      numericField(Tag.TileWidth, FieldType.Short, [tileSize]),
      numericField(Tag.TileLength, FieldType.Short, [tileSize]),
      numericField(Tag.TileOffsets, FieldType.Long, offsets),
      numericField(Tag.TileByteCounts, FieldType.Long, counts),
      numericField(Tag.SampleFormat, FieldType.Short, repeat(layout.format)),
    ];
    if (extraSamples.length > 0)
      fields.push(numericField(Tag.ExtraSamples, FieldType.Short, extraSamples));
    if (raster.noData !== null)
      fields.push(asciiField(Tag.GdalNoData, formatNoData(raster.noData)));
    if (index > 0) {
      fields.push(numericField(Tag.NewSubfileType, FieldType.Long, [1]));
      return fields;
    }
    const gt = options.geoTransform;
    const geographic = options.crs.kind === 'geographic';
    fields.push(
      numericField(Tag.ModelPixelScale, FieldType.Double, [gt[1], -gt[5], 0]),
      numericField(Tag.ModelTiepoint, FieldType.Double, [0, 0, 0, gt[0], gt[3], 0]),
      // GeoTIFF 1.1 section 7.1: header, then (key, location 0 = value inline, count, value),
      // GTModelType (1 projected, 2 geographic), GTRasterType 1 = PixelIsArea, then the EPSG code.
      // prettier-ignore
      numericField(Tag.GeoKeyDirectory, FieldType.Short, [
        1, 1, 0, 3,
        1024, 0, 1, geographic ? 2 : 1,
        1025, 0, 1, 1,
        geographic ? 2048 : 3072, 0, 1, options.crs.epsg,
      ]),
      asciiField(Tag.Software, options.software ?? 'sitediff'),
    );
    if (options.dateTime !== undefined) fields.push(asciiField(Tag.DateTime, options.dateTime));
    if (options.imageDescription !== undefined) {
      fields.push(asciiField(Tag.ImageDescription, options.imageDescription));
    }
    if (xml !== null) fields.push(asciiField(Tag.GdalMetadata, xml));
    return fields;
  };

  // Directory sizes do not depend on the offsets they hold, so lay out with zeros first.
  const placeholder = tilesByLevel.map((tiles) => tiles.map(() => 0));
  const directoryOffsets: number[] = [];
  let cursor = 8 + GHOST_HEADER.length + (GHOST_HEADER.length & 1);
  levels.forEach((level, index) => {
    directoryOffsets.push(cursor);
    cursor += directoryByteLength(
      directoryFields(level, index, placeholder[index], placeholder[index]),
    );
  });
  const dataStart = cursor;
  const tileOffsets = placeholder.map((offsets) => [...offsets]);
  for (let index = levels.length - 1; index >= 0; index--) {
    tilesByLevel[index].forEach((tile, i) => {
      tileOffsets[index][i] = cursor + 4;
      cursor += 4 + tile.length + 4;
    });
  }
  if (cursor > 0xffffffff) throw new Error('The image exceeds the 4 GiB of a classic TIFF.');

  const head = new Uint8Array(dataStart);
  const view = new DataView(head.buffer);
  head.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, directoryOffsets[0], true);
  for (let i = 0; i < GHOST_HEADER.length; i++) head[8 + i] = GHOST_HEADER.charCodeAt(i);
  levels.forEach((level, index) => {
    const counts = tilesByLevel[index].map((tile) => tile.length);
    const next = directoryOffsets[index + 1] ?? 0;
    writeDirectory(
      view,
      directoryOffsets[index],
      directoryFields(level, index, tileOffsets[index], counts),
      next,
    );
  });
  const parts: Uint8Array[] = [head];
  for (let index = levels.length - 1; index >= 0; index--) {
    for (const tile of tilesByLevel[index]) {
      // GDAL's block leader (the tile's size) and trailer (its last 4 bytes repeated).
      const leader = new Uint8Array(4);
      new DataView(leader.buffer).setUint32(0, tile.length, true);
      parts.push(leader, tile, tile.slice(tile.length - 4));
    }
  }
  return parts;
}
