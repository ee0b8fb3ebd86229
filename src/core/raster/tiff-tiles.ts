// Tiles of a TIFF image: the reduction that builds overviews, the predictors (TIFF 6.0 section 14;
// Adobe TIFF Technical Note 3) and Deflate (TIFF compression 8, zlib stream via fflate).
import { zlibSync } from 'fflate';
import type { DataType, SampleArray } from './types.ts';

export type Predictor = 'none' | 'horizontal' | 'floatingPoint';
export type OverviewResampling = 'average' | 'nearest';
export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface SampleLayout {
  readonly bytes: number;
  /** TIFF SampleFormat: 1 unsigned integer, 2 signed integer, 3 IEEE float. */
  readonly format: 1 | 2 | 3;
  readonly create: (length: number) => SampleArray;
}

export const sampleLayouts: Partial<Record<DataType, SampleLayout>> = {
  Byte: { bytes: 1, format: 1, create: (n) => new Uint8Array(n) },
  UInt16: { bytes: 2, format: 1, create: (n) => new Uint16Array(n) },
  Int16: { bytes: 2, format: 2, create: (n) => new Int16Array(n) },
  UInt32: { bytes: 4, format: 1, create: (n) => new Uint32Array(n) },
  Int32: { bytes: 4, format: 2, create: (n) => new Int32Array(n) },
  Float32: { bytes: 4, format: 3, create: (n) => new Float32Array(n) },
  Float64: { bytes: 8, format: 3, create: (n) => new Float64Array(n) },
};

export interface Level {
  readonly width: number;
  readonly height: number;
  readonly bands: readonly SampleArray[];
}

/** One 2x2 reduction; nodata samples do not take part in the average. */
export function halve(
  level: Level,
  resampling: OverviewResampling,
  noData: number | null,
  layout: SampleLayout,
): Level {
  const width = Math.ceil(level.width / 2);
  const height = Math.ceil(level.height / 2);
  const bands = level.bands.map((source) => {
    const target = layout.create(width * height);
    if (resampling === 'nearest') halveNearest(source, level.width, target, width, height);
    else halveAverage(source, level.width, level.height, target, width, height, noData, layout);
    return target;
  });
  return { width, height, bands };
}

function halveNearest(
  source: SampleArray,
  sourceWidth: number,
  target: SampleArray,
  width: number,
  height: number,
): void {
  for (let row = 0; row < height; row++) {
    for (let column = 0, from = row * 2 * sourceWidth; column < width; column++, from += 2)
      target[row * width + column] = source[from];
  }
}

/**
 * The mean of each 2x2 block's data samples, taken in the order top-left, top-right, bottom-left,
 * bottom-right. Written out per sample rather than over an array of the four: about ten times as
 * fast, and the same sums.
 */
function halveAverage(
  source: SampleArray,
  sourceWidth: number,
  sourceHeight: number,
  target: SampleArray,
  width: number,
  height: number,
  noData: number | null,
  layout: SampleLayout,
): void {
  // 0: every sample is data, 1: NaN is nodata, 2: samples equal to noData are.
  const skip = noData === null ? 0 : Number.isNaN(noData) ? 1 : 2;
  const isData = (v: number) => (skip === 0 ? true : skip === 1 ? v === v : v !== noData);
  const empty = noData ?? 0;
  const round = layout.format !== 3;
  for (let row = 0; row < height; row++) {
    const top = row * 2 * sourceWidth;
    // Clamped indices repeat the edge sample on odd sizes, which keeps its weight fair.
    const bottom = Math.min(row * 2 + 1, sourceHeight - 1) * sourceWidth;
    for (let column = 0; column < width; column++) {
      const c0 = column * 2;
      const c1 = Math.min(c0 + 1, sourceWidth - 1);
      const a = source[top + c0];
      const b = source[top + c1];
      const c = source[bottom + c0];
      const d = source[bottom + c1];
      let sum = 0;
      let count = 0;
      if (isData(a)) {
        sum += a;
        count++;
      }
      if (isData(b)) {
        sum += b;
        count++;
      }
      if (isData(c)) {
        sum += c;
        count++;
      }
      if (isData(d)) {
        sum += d;
        count++;
      }
      const mean = count === 0 ? empty : sum / count;
      target[row * width + column] = round && count > 0 ? Math.round(mean) : mean;
    }
  }
}

/** TIFF 6.0 section 14 (predictor 2), in the sample type so that differences wrap around. */
function differenceHorizontally(
  tile: SampleArray,
  rowLength: number,
  samplesPerPixel: number,
): void {
  if (tile instanceof Uint8Array && samplesPerPixel === 1) return differenceBytes(tile, rowLength);
  for (let start = 0; start < tile.length; start += rowLength) {
    for (let i = start + rowLength - 1; i >= start + samplesPerPixel; i--) {
      tile[i] -= tile[i - samplesPerPixel];
    }
  }
}

/** The same for one band of bytes (masks), forwards with the last sample held in a register. */
function differenceBytes(tile: Uint8Array, rowLength: number): void {
  for (let start = 0; start < tile.length; start += rowLength) {
    let previous = tile[start];
    for (let i = start + 1; i < start + rowLength; i++) {
      const value = tile[i];
      tile[i] = value - previous;
      previous = value;
    }
  }
}

/**
 * Adobe TIFF Technical Note 3 (predictor 3): each row's bytes are regrouped by significance, most
 * significant plane first, then differenced bytewise with a stride of one pixel.
 */
function floatingPointPredict(
  bytes: Uint8Array,
  rowSamples: number,
  sampleBytes: number,
  samplesPerPixel: number,
): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const rowBytes = rowSamples * sampleBytes;
  for (let start = 0; start < bytes.length; start += rowBytes) {
    for (let i = 0; i < rowSamples; i++) {
      for (let b = 0; b < sampleBytes; b++) {
        // Little-endian input: byte b of a sample is significance plane (sampleBytes - 1 - b).
        out[start + (sampleBytes - 1 - b) * rowSamples + i] = bytes[start + i * sampleBytes + b];
      }
    }
    for (let i = start + rowBytes - 1; i >= start + samplesPerPixel; i--) {
      out[i] = (out[i] - out[i - samplesPerPixel]) & 0xff;
    }
  }
  return out;
}

export const littleEndianPlatform = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A zlib stream (RFC 1950) of `bytes` at a Deflate level from 1 to 9. */
export type Deflate = (bytes: Uint8Array, level: DeflateLevel) => Uint8Array;

/** fflate: plain JavaScript that runs wherever core runs. */
export const deflateInJavaScript: Deflate = (bytes, level) => zlibSync(bytes, { level });

let nativeDeflate: Deflate | null = null;

/**
 * A native zlib to compress tiles with instead of fflate (null: back to fflate). Node's is 4 to 8
 * times as fast on a change mask's tiles; its streams differ from fflate's in their bytes (and by
 * about 1 % in size), not in what they inflate to.
 */
export function configureDeflate(deflate: Deflate | null): void {
  nativeDeflate = deflate;
}

/**
 * zlib streams of tiles. Level 0 is written here as fflate writes it (stored blocks of 65 535
 * bytes, RFC 1951 section 3.2.4), but copied natively instead of byte by byte; a tile of one
 * repeated byte (a mask's empty tiles) is compressed once and its stream reused. Both give the
 * bytes fflate gives.
 */
class TileDeflater {
  private readonly uniform = new Map<string, Uint8Array>();

  constructor(private readonly deflate: Deflate) {}

  zlib(bytes: Uint8Array, level: DeflateLevel): Uint8Array {
    if (level === 0) return zlibStored(bytes);
    const value = uniformByte(bytes);
    if (value === null) return this.deflate(bytes, level);
    const key = `${value}/${bytes.length}/${level}`;
    let stream = this.uniform.get(key);
    if (!stream) {
      stream = this.deflate(bytes, level);
      this.uniform.set(key, stream);
    }
    // Shared between tiles: streams are only ever copied into the file.
    return stream;
  }
}

/** The byte every byte of `bytes` equals, or null; compared four at a time where aligned. */
function uniformByte(bytes: Uint8Array): number | null {
  if (bytes.length === 0) return null;
  const value = bytes[0];
  let k = 0;
  if ((bytes.byteOffset & 3) === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
    const word = (value * 0x01010101) >>> 0;
    for (; k < words.length; k++) if (words[k] !== word) return null;
    k <<= 2;
  }
  for (; k < bytes.length; k++) if (bytes[k] !== value) return null;
  return value;
}

/** Stored blocks; a further empty block when the size is a multiple of 65 535, as fflate writes. */
export function zlibStored(bytes: Uint8Array): Uint8Array {
  const size = bytes.length;
  const blocks = Math.floor(size / 65535) + 1;
  const out = new Uint8Array(2 + 5 * blocks + size + 4);
  // CMF 0x78 (Deflate, 32 KiB window), FLG 0x01: level 0 and the header check (RFC 1950).
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let block = 0; block < blocks; block++) {
    const start = block * 65535;
    const length = Math.min(65535, size - start);
    // BFINAL as fflate sets it: on every block that reaches the end (also before the empty one).
    out[at] = start + 65535 >= size ? 1 : 0;
    out[at + 1] = length & 0xff;
    out[at + 2] = length >> 8;
    out[at + 3] = ~length & 0xff;
    out[at + 4] = (~length >> 8) & 0xff;
    out.set(bytes.subarray(start, start + length), at + 5);
    at += 5 + length;
  }
  const checksum = adler32(bytes);
  out.set(checksum, at);
  return out;
}

/**
 * Adler-32 (RFC 1950), big-endian. Four bytes per step where the data is aligned: for bytes
 * v0..v3, b gains 4a + 4v0 + 3v1 + 2v2 + v3 and a gains their sum, twice as fast as byte by byte.
 * Reduced every 5552 bytes as zlib does (its NMAX); with doubles any chunk would stay exact.
 */
function adler32(bytes: Uint8Array): Uint8Array {
  let a = 1;
  let b = 0;
  let i = 0;
  if ((bytes.byteOffset & 3) === 0 && littleEndianPlatform) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
    for (let j = 0; j < words.length;) {
      const end = Math.min(j + 1388, words.length);
      for (; j < end; j++) {
        const w = words[j];
        const v0 = w & 0xff;
        const v1 = (w >>> 8) & 0xff;
        const v2 = (w >>> 16) & 0xff;
        const v3 = w >>> 24;
        b += 4 * a + 4 * v0 + 3 * v1 + 2 * v2 + v3;
        a += v0 + v1 + v2 + v3;
      }
      a %= 65521;
      b %= 65521;
    }
    i = words.length << 2;
  }
  while (i < bytes.length) {
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return Uint8Array.of(b >> 8, b & 0xff, a >> 8, a & 0xff);
}

export function encodeTiles(
  level: Level,
  tileSize: number,
  layout: SampleLayout,
  predictor: Predictor,
  deflateLevel: DeflateLevel,
  deflate: Deflate = nativeDeflate ?? deflateInJavaScript,
): Uint8Array[] {
  const samplesPerPixel = level.bands.length;
  const across = Math.ceil(level.width / tileSize);
  const down = Math.ceil(level.height / tileSize);
  const rowSamples = tileSize * samplesPerPixel;
  const tiles: Uint8Array[] = [];
  const deflater = new TileDeflater(deflate);
  for (let tileRow = 0; tileRow < down; tileRow++) {
    for (let tileColumn = 0; tileColumn < across; tileColumn++) {
      // Padding beyond the image edge stays 0, as in GDAL's partial tiles.
      const tile = layout.create(tileSize * rowSamples);
      const rows = Math.min(tileSize, level.height - tileRow * tileSize);
      const columns = Math.min(tileSize, level.width - tileColumn * tileSize);
      for (let band = 0; band < samplesPerPixel; band++) {
        const source = level.bands[band];
        for (let y = 0; y < rows; y++) {
          let from = (tileRow * tileSize + y) * level.width + tileColumn * tileSize;
          let to = y * rowSamples + band;
          if (samplesPerPixel === 1) tile.set(source.subarray(from, from + columns), to);
          else
            for (let x = 0; x < columns; x++, from++, to += samplesPerPixel)
              tile[to] = source[from];
        }
      }
      if (predictor === 'horizontal') differenceHorizontally(tile, rowSamples, samplesPerPixel);
      let bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
      if (predictor === 'floatingPoint')
        bytes = floatingPointPredict(bytes, rowSamples, layout.bytes, samplesPerPixel);
      tiles.push(deflater.zlib(bytes, deflateLevel));
    }
  }
  return tiles;
}
