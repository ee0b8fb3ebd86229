// TIFF, GeoTIFF and GDAL tag numbers used by the reader (TIFF 6.0 appendix A, GeoTIFF 1.1
// section 7, GDAL's GTiff driver documentation).
import type { TiffDirectory } from './tiff-ifd.ts';

export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  FillOrder: 266,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  T4Options: 292,
  Software: 305,
  DateTime: 306,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  InkSet: 332,
  JPEGTables: 347,
  YCbCrCoefficients: 529,
  YCbCrSubSampling: 530,
  ReferenceBlackWhite: 532,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNoData: 42113,
  LercParameters: 50674,
} as const;

export function tagNumbers(directory: TiffDirectory, tag: number): ArrayLike<number> | undefined {
  return directory.tags.get(tag)?.values;
}

export function tagNumber(directory: TiffDirectory, tag: number): number | undefined {
  const values = directory.tags.get(tag)?.values;
  return values && values.length > 0 ? values[0] : undefined;
}

const latin1 = new TextDecoder('utf-8');

/** An ASCII tag as text, up to its first NUL (libtiff returns the first string of a list). */
export function tagText(directory: TiffDirectory, tag: number): string | undefined {
  const field = directory.tags.get(tag);
  if (!field || (field.type !== 2 && field.type !== 1 && field.type !== 7)) return undefined;
  const bytes = field.values as Uint8Array;
  const end = bytes.indexOf(0);
  return latin1.decode(end >= 0 ? bytes.subarray(0, end) : bytes);
}
