// The block layout of one TIFF image (full resolution, overview or mask): its size, how it is cut
// into strips or tiles, where each block lives, and how its samples are stored. Every declared
// number is checked here, before any buffer is sized from it.
import { GeoTiffReadError, formatBytes } from './read-error.ts';
import { gdalDataType, SampleFormat } from './sample-layout.ts';
import type { TiffDirectory } from './tiff-ifd.ts';
import { Tag, tagNumber, tagNumbers } from './tiff-tags.ts';
import type { DataType } from './types.ts';

export interface ImageLayout {
  readonly directory: TiffDirectory;
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: number;
  /**
   * Bands GDAL exposes: SamplesPerPixel, except for 8-bit CMYK, which GDAL reads through
   * libtiff's RGBA interface as four bands R, G, B, A.
   */
  readonly bandCount: number;
  readonly cmykAsRgba: boolean;
  /** 8-bit YCbCr stored without JPEG: GDAL converts it to RGB (libtiff's RGBA interface). */
  readonly ycbcrAsRgb: boolean;
  readonly bitsPerSample: number;
  readonly sampleFormat: number;
  readonly dataType: DataType;
  readonly compression: number;
  readonly photometric: number | undefined;
  readonly planar: boolean;
  readonly tiled: boolean;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly blocksAcross: number;
  readonly blocksDown: number;
  readonly offsets: ArrayLike<number>;
  readonly byteCounts: ArrayLike<number> | undefined;
  readonly predictor: number;
  readonly fillOrder: number;
  readonly littleEndian: boolean;
}

/** Largest decoded block we accept: 1 GiB. Real tiles and strips are far smaller. */
const MAX_BLOCK_BYTES = 2 ** 30;

/** Integer field types libtiff accepts for its integer tags (BYTE, SHORT, LONG, LONG8, signed kin). */
const integerTypes = new Set([1, 3, 4, 6, 8, 9, 16, 17]);

const singleValuedTags: [number, string][] = [
  [Tag.ImageWidth, 'ImageWidth'],
  [Tag.ImageLength, 'ImageLength'],
  [Tag.Compression, 'Compression'],
  [Tag.Photometric, 'PhotometricInterpretation'],
  [Tag.SamplesPerPixel, 'SamplesPerPixel'],
  [Tag.RowsPerStrip, 'RowsPerStrip'],
  [Tag.PlanarConfiguration, 'PlanarConfiguration'],
  [Tag.TileWidth, 'TileWidth'],
  [Tag.TileLength, 'TileLength'],
];

const offsetTags: [number, string][] = [
  [Tag.StripOffsets, 'StripOffsets'],
  [Tag.TileOffsets, 'TileOffsets'],
  [Tag.StripByteCounts, 'StripByteCounts'],
  [Tag.TileByteCounts, 'TileByteCounts'],
];

/**
 * libtiff refuses a directory whose structural tags have the wrong type or count, or whose
 * values lie outside the file (TIFFReadDirectory, TIFFFetchNormalTag), and GDAL with it; so do we,
 * with the same reasons.
 */
function checkStructuralTags(directory: TiffDirectory, what: string): void {
  const damaged = (detail: string) => new GeoTiffReadError(`the ${what} is damaged: ${detail}`);
  for (const [tag, name] of singleValuedTags) {
    const field = directory.tags.get(tag);
    if (!field) continue;
    if (!integerTypes.has(field.type))
      throw damaged(`its ${name} tag has an incompatible type (${field.type})`);
    if (field.count !== 1)
      throw damaged(`its ${name} tag holds ${field.count} values where TIFF allows one`);
  }
  for (const [tag, name] of offsetTags) {
    const field = directory.tags.get(tag);
    if (field && ![3, 4, 13, 16, 18].includes(field.type)) {
      throw damaged(`its ${name} tag has an invalid type (${field.type})`);
    }
  }
  for (const [tag, name] of [
    [Tag.SampleFormat, 'SampleFormat'],
    [Tag.BitsPerSample, 'BitsPerSample'],
  ] as const) {
    const field = directory.tags.get(tag);
    if (field && !integerTypes.has(field.type))
      throw damaged(`its ${name} tag has an incompatible type (${field.type})`);
  }
  if (tagNumber(directory, Tag.RowsPerStrip) === 0) throw damaged('it declares 0 rows per strip');
  if (directory.unreadableTags.length > 0) {
    const tag = directory.unreadableTags[0];
    const name =
      [...singleValuedTags, ...offsetTags].find(([t]) => t === tag)?.[1] ?? `number ${tag}`;
    throw damaged(`its ${name} tag points outside the file`);
  }
}

export function readLayout(
  directory: TiffDirectory,
  littleEndian: boolean,
  what: string,
): ImageLayout {
  checkStructuralTags(directory, what);
  const width = tagNumber(directory, Tag.ImageWidth) ?? 0;
  const height = tagNumber(directory, Tag.ImageLength) ?? 0;
  if (!(width > 0 && height > 0)) {
    throw new GeoTiffReadError(`the ${what} has no valid size (width ${width}, height ${height})`);
  }
  const samplesPerPixel = tagNumber(directory, Tag.SamplesPerPixel) ?? 1;
  if (!(samplesPerPixel >= 1 && samplesPerPixel <= 65535)) {
    throw new GeoTiffReadError(`the ${what} declares ${samplesPerPixel} samples per pixel`);
  }
  const bitsList = tagNumbers(directory, Tag.BitsPerSample);
  const bitsPerSample = bitsList && bitsList.length > 0 ? bitsList[0] : 1;
  if (bitsList) {
    for (let i = 1; i < Math.min(bitsList.length, samplesPerPixel); i++) {
      if (bitsList[i] !== bitsPerSample) {
        throw new GeoTiffReadError(
          `the ${what} mixes sample sizes (${Array.from(bitsList).join(', ')} bits), which GDAL does not read either`,
        );
      }
    }
  }
  const sampleFormat = tagNumber(directory, Tag.SampleFormat) ?? SampleFormat.Uint;
  const dataType = gdalDataType(bitsPerSample, sampleFormat);
  if (!dataType) {
    throw new GeoTiffReadError(
      `the ${what} uses ${bitsPerSample}-bit samples of sample format ${sampleFormat}, which have no GDAL data type`,
    );
  }
  const compression = tagNumber(directory, Tag.Compression) ?? 1;
  const planar = (tagNumber(directory, Tag.PlanarConfiguration) ?? 1) === 2 && samplesPerPixel > 1;
  const tileWidth = tagNumber(directory, Tag.TileWidth);
  const tileLength = tagNumber(directory, Tag.TileLength);
  // libtiff keeps strip and tile offsets in one field: a tiled image may list them as StripOffsets.
  const tiled = tileWidth !== undefined && tileLength !== undefined;
  const offsets =
    (tiled ? tagNumbers(directory, Tag.TileOffsets) : undefined) ??
    tagNumbers(directory, Tag.StripOffsets) ??
    tagNumbers(directory, Tag.TileOffsets);
  const byteCounts =
    (tiled ? tagNumbers(directory, Tag.TileByteCounts) : undefined) ??
    tagNumbers(directory, Tag.StripByteCounts) ??
    tagNumbers(directory, Tag.TileByteCounts);
  if (!offsets) throw new GeoTiffReadError(`the ${what} has no strip or tile offsets`);
  let blockWidth: number;
  let blockHeight: number;
  if (tiled) {
    blockWidth = tileWidth;
    blockHeight = tileLength;
    if (!(blockWidth > 0 && blockHeight > 0)) {
      throw new GeoTiffReadError(
        `the ${what} declares tiles of ${blockWidth} x ${blockHeight} pixels`,
      );
    }
  } else {
    blockWidth = width;
    const rowsPerStrip = tagNumber(directory, Tag.RowsPerStrip) ?? height;
    blockHeight = rowsPerStrip > 0 ? Math.min(rowsPerStrip, height) : height;
  }
  const blockSamples = planar ? 1 : samplesPerPixel;
  const blockBytes = Math.ceil((blockWidth * blockSamples * bitsPerSample) / 8) * blockHeight;
  if (blockBytes > MAX_BLOCK_BYTES) {
    throw new GeoTiffReadError(
      `the ${what} declares ${tiled ? 'tiles' : 'strips'} of ${formatBytes(blockBytes)} bytes each, ` +
        'more than any real image uses',
    );
  }
  const blocksAcross = Math.ceil(width / blockWidth);
  const blocksDown = Math.ceil(height / blockHeight);
  const needed = blocksAcross * blocksDown * (planar ? samplesPerPixel : 1);
  if (offsets.length < needed) {
    // A single-strip image whose strip count is one short of a full list is common in old files
    // (libtiff tolerates a missing StripByteCounts by estimating); fewer offsets than blocks is not.
    throw new GeoTiffReadError(
      `the ${what} lists ${offsets.length} ${tiled ? 'tile' : 'strip'} offsets but needs ${needed}`,
    );
  }
  const inkSet = tagNumber(directory, Tag.InkSet) ?? 1;
  const photometric = tagNumber(directory, Tag.Photometric);
  const cmykAsRgba =
    photometric === 5 && inkSet === 1 && bitsPerSample === 8 && samplesPerPixel >= 4;
  return {
    directory,
    width,
    height,
    samplesPerPixel,
    bandCount: cmykAsRgba ? 4 : samplesPerPixel,
    cmykAsRgba,
    ycbcrAsRgb:
      photometric === 6 &&
      compression !== 7 &&
      compression !== 6 &&
      bitsPerSample === 8 &&
      samplesPerPixel === 3 &&
      !planar,
    bitsPerSample,
    sampleFormat,
    dataType,
    compression,
    photometric,
    planar,
    tiled,
    blockWidth,
    blockHeight,
    blocksAcross,
    blocksDown,
    offsets,
    byteCounts,
    predictor: tagNumber(directory, Tag.Predictor) ?? 1,
    fillOrder: tagNumber(directory, Tag.FillOrder) ?? 1,
    littleEndian,
  };
}
