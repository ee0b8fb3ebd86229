// Reading TIFF structure: the header and the chain of image file directories (TIFF 6.0 section 2;
// BigTIFF as specified by Aware Systems). Written here rather than taken from geotiff.js because a
// reader of untrusted files must bound every count and offset before allocating, skip entries of
// unknown type as libtiff does, and read big-endian offset arrays correctly — the three places
// geotiff.js fails on the conformance corpus.
import type { ChunkedReader } from './byte-source.ts';
import { GeoTiffReadError, formatBytes, notTiffReason } from './read-error.ts';

export interface TiffTag {
  readonly type: number;
  readonly count: number;
  /** Numeric values (rationals as quotients); for ASCII the bytes. */
  readonly values: ArrayLike<number>;
}

export interface TiffDirectory {
  readonly offset: number;
  readonly tags: ReadonlyMap<number, TiffTag>;
  readonly warnings: readonly string[];
  /** Structural tags whose values lie outside the file (libtiff: "IO error during reading"). */
  readonly unreadableTags: readonly number[];
}

export interface TiffFile {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  readonly directories: readonly TiffDirectory[];
}

/** Bytes per value of each TIFF field type; absent types are unknown and skipped. */
const typeBytes: Record<number, number> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

/** Strip and tile offsets and byte counts. */
const STRILE_TAGS = new Set([273, 279, 324, 325]);
/** Tags without which the pixels cannot be read: libtiff fails when their values are unreadable. */
const STRUCTURAL_TAGS = new Set([
  256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 322, 323, 324, 325, 339,
]);

/** Enough for any real pyramid; a longer chain is a corrupt or hostile file. */
const MAX_DIRECTORIES = 4096;
/** Tag values are metadata: larger than this is a bogus count even when the file is that large. */
const MAX_TAG_BYTES = 256 * 1024 * 1024;

function decodeValues(
  bytes: Uint8Array,
  type: number,
  count: number,
  little: boolean,
): ArrayLike<number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 1:
    case 2:
    case 7:
      return bytes.slice(0, count);
    case 6:
      return new Int8Array(bytes.slice(0, count).buffer);
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 3:
        out[i] = view.getUint16(i * 2, little);
        break;
      case 8:
        out[i] = view.getInt16(i * 2, little);
        break;
      case 4:
      case 13:
        out[i] = view.getUint32(i * 4, little);
        break;
      case 9:
        out[i] = view.getInt32(i * 4, little);
        break;
      case 5:
        out[i] = view.getUint32(i * 8, little) / view.getUint32(i * 8 + 4, little);
        break;
      case 10:
        out[i] = view.getInt32(i * 8, little) / view.getInt32(i * 8 + 4, little);
        break;
      case 11:
        out[i] = view.getFloat32(i * 4, little);
        break;
      case 12:
        out[i] = view.getFloat64(i * 8, little);
        break;
      case 16:
      case 18:
        out[i] = Number(view.getBigUint64(i * 8, little));
        break;
      case 17:
        out[i] = Number(view.getBigInt64(i * 8, little));
        break;
    }
  }
  return out;
}

async function readDirectory(
  reader: ChunkedReader,
  offset: number,
  little: boolean,
  bigTiff: boolean,
): Promise<{ directory: TiffDirectory; next: number }> {
  const fileBytes = reader.byteLength ?? Number.MAX_SAFE_INTEGER;
  const countBytes = bigTiff ? 8 : 2;
  const entryBytes = bigTiff ? 20 : 12;
  const head = await reader.read(offset, countBytes);
  if (head.length < countBytes) {
    throw new GeoTiffReadError(
      `file is truncated: an image directory starts at byte ${formatBytes(offset)} but the file ends before it`,
    );
  }
  const headView = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const entryCount = bigTiff
    ? Number(headView.getBigUint64(0, little))
    : headView.getUint16(0, little);
  const pointerBytes = bigTiff ? 8 : 4;
  const tableBytes = entryCount * entryBytes + pointerBytes;
  if (offset + countBytes + entryCount * entryBytes > fileBytes) {
    throw new GeoTiffReadError(
      `file is damaged or truncated: the image directory at byte ${formatBytes(offset)} declares ` +
        `${formatBytes(entryCount)} entries, more than the file can hold`,
    );
  }
  const table = await reader.read(offset + countBytes, tableBytes);
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const tags = new Map<number, TiffTag>();
  const warnings: string[] = [];
  const unreadableTags: number[] = [];
  for (let e = 0; e < entryCount; e++) {
    const at = e * entryBytes;
    if (at + entryBytes > table.length) break;
    const tag = view.getUint16(at, little);
    const type = view.getUint16(at + 2, little);
    const count = bigTiff
      ? Number(view.getBigUint64(at + 4, little))
      : view.getUint32(at + 4, little);
    const size = typeBytes[type];
    // libtiff ignores entries of unknown type and later duplicates of a tag.
    if (size === undefined) {
      warnings.push(`tag ${tag} has unknown field type ${type}; ignored`);
      continue;
    }
    if (tags.has(tag)) continue;
    const byteCount = count * size;
    const valueAt = at + 4 + (bigTiff ? 8 : 4);
    let bytes: Uint8Array;
    if (byteCount <= pointerBytes) {
      bytes = table.subarray(valueAt, valueAt + byteCount);
    } else {
      const valueOffset = bigTiff
        ? Number(view.getBigUint64(valueAt, little))
        : view.getUint32(valueAt, little);
      if (
        STRILE_TAGS.has(tag) &&
        valueOffset + byteCount > fileBytes &&
        valueOffset + size <= fileBytes
      ) {
        // libtiff loads strip/tile offsets on demand, so a bogus count only matters for the
        // entries an image needs: keep those that lie within the file.
        const available = Math.min(
          Math.floor((fileBytes - valueOffset) / size),
          MAX_TAG_BYTES / size,
        );
        bytes = await reader.read(valueOffset, available * size);
        warnings.push(
          `tag ${tag} declares ${formatBytes(count)} values; kept the ${available} within the file`,
        );
        tags.set(tag, {
          type,
          count: available,
          values: decodeValues(bytes, type, available, little),
        });
        continue;
      }
      if (byteCount > MAX_TAG_BYTES || valueOffset + byteCount > fileBytes) {
        if (STRUCTURAL_TAGS.has(tag)) unreadableTags.push(tag);
        warnings.push(
          `tag ${tag} declares ${formatBytes(count)} values beyond the end of the file; ignored`,
        );
        continue;
      }
      bytes = await reader.read(valueOffset, byteCount);
      if (bytes.length < byteCount) {
        warnings.push(`tag ${tag} is cut off by the end of the file; ignored`);
        continue;
      }
    }
    tags.set(tag, { type, count, values: decodeValues(bytes, type, count, little) });
  }
  const pointerAt = entryCount * entryBytes;
  let next = 0;
  if (pointerAt + pointerBytes <= table.length) {
    next = bigTiff
      ? Number(view.getBigUint64(pointerAt, little))
      : view.getUint32(pointerAt, little);
  }
  return { directory: { offset, tags, warnings, unreadableTags }, next };
}

export async function readTiffStructure(reader: ChunkedReader): Promise<TiffFile> {
  const head = await reader.read(0, 16);
  const order = head.length >= 2 ? String.fromCharCode(head[0], head[1]) : '';
  if (order !== 'II' && order !== 'MM') throw new GeoTiffReadError(notTiffReason(head));
  const little = order === 'II';
  if (head.length < 8) throw new GeoTiffReadError(notTiffReason(head));
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint16(2, little);
  let bigTiff: boolean;
  let first: number;
  if (version === 42) {
    bigTiff = false;
    first = view.getUint32(4, little);
  } else if (version === 43) {
    if (head.length < 16) throw new GeoTiffReadError('file is truncated inside its BigTIFF header');
    bigTiff = true;
    if (view.getUint16(4, little) !== 8) {
      throw new GeoTiffReadError(
        'not a valid BigTIFF file (its header declares an offset size other than 8)',
      );
    }
    first = Number(view.getBigUint64(8, little));
  } else {
    throw new GeoTiffReadError(`not a TIFF file (unknown TIFF version ${version})`);
  }
  if (first === 0)
    throw new GeoTiffReadError('the TIFF file contains no image (no image directory)');
  const directories: TiffDirectory[] = [];
  const seen = new Set<number>();
  let offset = first;
  while (offset !== 0 && directories.length < MAX_DIRECTORIES) {
    if (seen.has(offset)) break; // a loop in the IFD chain: libtiff stops at the repeat
    seen.add(offset);
    try {
      const { directory, next } = await readDirectory(reader, offset, little, bigTiff);
      directories.push(directory);
      offset = next;
    } catch (error) {
      // A damaged later directory only costs its overviews; a damaged first one is fatal.
      if (directories.length === 0) throw error;
      break;
    }
  }
  return { littleEndian: little, bigTiff, directories };
}
