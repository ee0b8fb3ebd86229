// What a GeoTIFF says about itself, in gdalinfo's terms: bands and their colour interpretation,
// georeferencing, CRS, overviews, compression, metadata and the acquisition date.
import type { GeoTransform } from '../georef/affine.ts';
import { crsFromGeoKeys, type Crs } from '../georef/crs.ts';
import { acquisitionDate } from './acquisition-date.ts';
import { compressionNames } from './decode-block.ts';
import { parseGdalMetadata, parseNoData, type GdalMetadataItem } from './gdal-metadata.ts';
import { readGeoKeys } from './geokeys.ts';
import { readGeoreference, type GroundControlPoint } from './georeference.ts';
import type { ImageLayout } from './image-layout.ts';
import type { TiffDirectory } from './tiff-ifd.ts';
import { Tag, tagNumbers, tagText } from './tiff-tags.ts';
import type { ColorInterpretation, DataType } from './types.ts';

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
  /** Overview sizes [width, height], largest first: internal ones, else those of the `.ovr`. */
  readonly overviews: readonly (readonly [number, number])[];
  /** Where the overviews come from: the file itself, its external `.ovr`, or none. */
  readonly overviewSource: 'internal' | 'external' | 'none';
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

export function describeImage(
  main: TiffDirectory,
  levels: readonly { readonly layout: ImageLayout; readonly mask: ImageLayout | null }[],
  overviewSource: GeoTiffInfo['overviewSource'],
  tiff: { bigTiff: boolean; littleEndian: boolean; directories: readonly TiffDirectory[] },
  fileName: string | undefined,
  openWarnings: readonly string[],
): GeoTiffInfo {
  const layout = levels[0].layout;
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
    overviews: levels.slice(1).map(({ layout: o }) => [o.width, o.height] as const),
    overviewSource,
    compression: compressionName(layout),
    interleave: layout.planar || layout.samplesPerPixel === 1 ? 'BAND' : 'PIXEL',
    acquisitionDate: acquisitionDate(metadata, tagText(main, Tag.DateTime), fileName),
    metadata: datasetMetadata,
    tileSize: [layout.blockWidth, layout.blockHeight],
    tiled: layout.tiled,
    bigTiff: tiff.bigTiff,
    littleEndian: tiff.littleEndian,
    hasMask: levels[0].mask !== null,
    warnings: [...tiff.directories.flatMap((d) => d.warnings), ...openWarnings],
  };
}
