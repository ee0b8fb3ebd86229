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
  const isNoData = (v: number) =>
    noData !== null && (v === noData || (Number.isNaN(noData) && Number.isNaN(v)));
  const round = layout.format !== 3;
  const bands = level.bands.map((source) => {
    const target = layout.create(width * height);
    for (let row = 0; row < height; row++) {
      const r0 = row * 2;
      const r1 = Math.min(r0 + 1, level.height - 1);
      for (let column = 0; column < width; column++) {
        const c0 = column * 2;
        if (resampling === 'nearest') {
          target[row * width + column] = source[r0 * level.width + c0];
          continue;
        }
        const c1 = Math.min(c0 + 1, level.width - 1);
        let sum = 0;
        let count = 0;
        // Clamped indices repeat the edge sample on odd sizes, which keeps its weight fair.
        for (const index of [
          r0 * level.width + c0,
          r0 * level.width + c1,
          r1 * level.width + c0,
          r1 * level.width + c1,
        ]) {
          const value = source[index];
          if (isNoData(value)) continue;
          sum += value;
          count++;
        }
        const mean = count === 0 ? (noData ?? 0) : sum / count;
        target[row * width + column] = round && count > 0 ? Math.round(mean) : mean;
      }
    }
    return target;
  });
  return { width, height, bands };
}

/** TIFF 6.0 section 14 (predictor 2), in the sample type so that differences wrap around. */
function differenceHorizontally(
  tile: SampleArray,
  rowLength: number,
  samplesPerPixel: number,
): void {
  for (let start = 0; start < tile.length; start += rowLength) {
    for (let i = start + rowLength - 1; i >= start + samplesPerPixel; i--) {
      tile[i] -= tile[i - samplesPerPixel];
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

export function encodeTiles(
  level: Level,
  tileSize: number,
  layout: SampleLayout,
  predictor: Predictor,
  deflateLevel: DeflateLevel,
): Uint8Array[] {
  const samplesPerPixel = level.bands.length;
  const across = Math.ceil(level.width / tileSize);
  const down = Math.ceil(level.height / tileSize);
  const rowSamples = tileSize * samplesPerPixel;
  const tiles: Uint8Array[] = [];
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
          for (let x = 0; x < columns; x++, from++, to += samplesPerPixel) tile[to] = source[from];
        }
      }
      if (predictor === 'horizontal') differenceHorizontally(tile, rowSamples, samplesPerPixel);
      let bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
      if (predictor === 'floatingPoint')
        bytes = floatingPointPredict(bytes, rowSamples, layout.bytes, samplesPerPixel);
      tiles.push(zlibSync(bytes, { level: deflateLevel }));
    }
  }
  return tiles;
}
