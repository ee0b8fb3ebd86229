// The GeoKeyDirectory (GeoTIFF 1.1, section 7.1): a table of keys whose values live inline, in
// GeoDoubleParams or in GeoAsciiParams.
import { globals } from 'geotiff';
import type { TiffDirectory } from './tiff-ifd.ts';
import { Tag, tagNumbers } from './tiff-tags.ts';

export type GeoKeys = Record<string, number | string | number[]>;

const keyNames = globals.geoKeyNames as Record<number, string>;

export function readGeoKeys(directory: TiffDirectory): GeoKeys | null {
  const table = tagNumbers(directory, Tag.GeoKeyDirectory);
  if (!table || table.length < 4) return null;
  const doubles = tagNumbers(directory, Tag.GeoDoubleParams);
  const asciiField = directory.tags.get(Tag.GeoAsciiParams);
  const ascii = asciiField ? new TextDecoder('utf-8').decode(asciiField.values as Uint8Array) : '';
  const keyCount = Math.min(table[3], Math.floor((table.length - 4) / 4));
  const keys: GeoKeys = {};
  for (let k = 0; k < keyCount; k++) {
    const [id, location, count, valueOffset] = [0, 1, 2, 3].map((i) => table[4 + k * 4 + i]);
    const name = keyNames[id] ?? `GeoKey${id}`;
    if (location === 0) {
      keys[name] = valueOffset;
    } else if (location === Tag.GeoDoubleParams && doubles) {
      const values = Array.from(doubles).slice(valueOffset, valueOffset + count);
      if (values.length === 0) continue;
      keys[name] = count === 1 ? values[0] : values;
    } else if (location === Tag.GeoAsciiParams) {
      // Strings end with '|' in GeoAsciiParams.
      keys[name] = ascii.slice(valueOffset, valueOffset + count).replace(/[|\0]+$/, '');
    } else if (location === Tag.GeoKeyDirectory) {
      const values = Array.from(table).slice(valueOffset, valueOffset + count);
      keys[name] = count === 1 ? values[0] : values;
    }
  }
  return keys;
}
