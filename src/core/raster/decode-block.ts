// One strip or tile from file bytes to sample values: read, undo FillOrder, decompress (geotiff.js
// decoders), undo the predictor, unpack n-bit/24-bit/64-bit samples.
import { getDecoder } from 'geotiff';
import type { ChunkedReader } from './byte-source.ts';
import type { ImageLayout } from './image-layout.ts';
import { inflateBlock } from './inflate.ts';
import { undoFloatingPointPredictor, undoHorizontalPredictor } from './predictor.ts';
import { decodeCcitt } from './ccitt.ts';
import { decodeJpeg, type DecodedJpeg } from './jpeg-decoder.ts';
import { decodeLzw } from './lzw.ts';
import { decodePackBits } from './packbits.ts';
import { decodeSgiLog } from './sgilog.ts';
import { ycbcrBlockBytes, ycbcrToRgb } from './ycbcr.ts';
import { GeoTiffReadError, formatBytes } from './read-error.ts';
import { decodeWebp } from './webp-decoder.ts';
import { allocateSamples, isComplex, SampleFormat, unpackSamples } from './sample-layout.ts';
import { Tag, tagNumbers } from './tiff-tags.ts';
import type { SampleArray } from './types.ts';

export const compressionNames: Record<number, string> = {
  1: 'NONE',
  2: 'CCITTRLE',
  3: 'CCITTFAX3',
  4: 'CCITTFAX4',
  5: 'LZW',
  6: 'OJPEG',
  7: 'JPEG',
  8: 'DEFLATE',
  32773: 'PACKBITS',
  32809: 'THUNDERSCAN',
  32946: 'DEFLATE',
  34676: 'SGILOG',
  34677: 'SGILOG24',
  34712: 'JP2000',
  34887: 'LERC',
  34925: 'LZMA',
  50000: 'ZSTD',
  50001: 'WEBP',
  50002: 'JXL',
};

/** Compressions whose decoder we take from geotiff.js. */
// JPEG with other than 1 or 3 components (RGBA, CMYK) goes to geotiff.js: within ±1 of libjpeg.
const geotiffJsDecoders = new Set([7, 34887, 50000]);

interface BlockDecoder {
  decodeBlock(buffer: ArrayBuffer): Promise<ArrayBufferLike> | ArrayBufferLike;
}

const decoders = new WeakMap<ImageLayout, Promise<BlockDecoder>>();

function decoderFor(layout: ImageLayout): Promise<BlockDecoder> {
  let decoder = decoders.get(layout);
  if (!decoder) {
    const directory = layout.directory;
    decoder = getDecoder(layout.compression, {
      tileWidth: layout.blockWidth,
      tileHeight: layout.blockHeight,
      planarConfiguration: layout.planar ? 2 : 1,
      bitsPerSample: layout.bitsPerSample,
      predictor: 1,
      samplesPerPixel: layout.samplesPerPixel,
      ...({
        JPEGTables: directory.tags.get(Tag.JPEGTables)?.values,
        LercParameters: tagNumbers(directory, Tag.LercParameters),
      } as object),
    }) as Promise<BlockDecoder>;
    decoders.set(layout, decoder);
  }
  return decoder;
}

const reversedBits = new Uint8Array(256).map((_, b) => {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
});

/** The first `keep` channels of RGBA pixels. */
function dropChannels(rgba: Uint8Array, keep: number): Uint8Array {
  const pixels = rgba.length >> 2;
  const out = new Uint8Array(pixels * keep);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < keep; c++) out[i * keep + c] = rgba[i * 4 + c];
  }
  return out;
}

/** A decoded JPEG or WebP frame fitted into the block's shape (the last strip may be shorter). */
function frameToBlock(jpeg: DecodedJpeg, width: number, rows: number, samples: number): Uint8Array {
  if (jpeg.components !== samples) {
    throw new GeoTiffReadError(
      `a tile has ${jpeg.components} colour components where the image has ${samples}`,
    );
  }
  if (jpeg.width === width && jpeg.height >= rows) return jpeg.pixels;
  const block = new Uint8Array(width * rows * samples);
  const copyWidth = Math.min(width, jpeg.width) * samples;
  for (let row = 0; row < Math.min(rows, jpeg.height); row++) {
    block.set(
      jpeg.pixels.subarray(row * jpeg.width * samples, row * jpeg.width * samples + copyWidth),
      row * width * samples,
    );
  }
  return block;
}

export interface DecodedBlock {
  /** Interleaved values, `blockWidth * rows * samples` long. */
  readonly values: SampleArray;
  readonly rows: number;
  readonly samples: number;
  /** The file stores no data for this block (offset or byte count 0). */
  readonly sparse?: boolean;
}

/** Number of image rows a block holds: full tiles, and a shorter last strip. */
export function blockRows(layout: ImageLayout, blockRow: number): number {
  if (layout.tiled) return layout.blockHeight;
  return Math.min(layout.blockHeight, layout.height - blockRow * layout.blockHeight);
}

/** A block's rows, samples per pixel and size in bytes once decoded (before any unpacking). */
function blockShape(layout: ImageLayout, blockIndex: number) {
  const blockRow = Math.floor(
    (blockIndex % (layout.blocksAcross * layout.blocksDown)) / layout.blocksAcross,
  );
  const rows = blockRows(layout, blockRow);
  const samples = layout.planar ? 1 : layout.samplesPerPixel;
  const bytes = layout.ycbcrAsRgb
    ? ycbcrBlockBytes(layout, layout.blockWidth, rows)
    : Math.ceil((layout.blockWidth * samples * layout.bitsPerSample) / 8) * rows;
  return { rows, samples, bytes };
}

/**
 * Where block `blockIndex` lies in the file: [offset, byte count]; either 0 for a sparse block.
 * Uncompressed blocks hold exactly their pixels (`expectedBytes`): libtiff recomputes byte counts
 * that look bogus (EstimateStripByteCounts), so the declared count only matters for compressed
 * data.
 */
function blockBytes(
  layout: ImageLayout,
  blockIndex: number,
  expectedBytes: number,
): [number, number] {
  const offset = layout.offsets[blockIndex];
  return [
    offset,
    layout.compression === 1 ? expectedBytes : (layout.byteCounts?.[blockIndex] ?? 0),
  ];
}

/** The bytes of a block that `decodeBlock` will read, [offset, length]; null for a sparse one. */
export function blockByteRange(layout: ImageLayout, blockIndex: number): [number, number] | null {
  const [offset, byteCount] = blockBytes(layout, blockIndex, blockShape(layout, blockIndex).bytes);
  return offset > 0 && byteCount > 0 ? [offset, byteCount] : null;
}

export async function decodeBlock(
  layout: ImageLayout,
  blockIndex: number,
  reader: ChunkedReader,
  signal?: AbortSignal,
): Promise<DecodedBlock> {
  const { rows, samples, bytes: expectedBytes } = blockShape(layout, blockIndex);
  const width = layout.blockWidth;
  const bits = layout.bitsPerSample;
  const kind = layout.tiled ? 'tile' : 'strip';
  const [offset, byteCount] = blockBytes(layout, blockIndex, expectedBytes);
  if (offset === 0 || byteCount === 0) {
    // A sparse block: GDAL fills it with nodata, or zero when there is none.
    return {
      values: allocateSamples(layout.dataType, width * rows * samples),
      rows,
      samples,
      sparse: true,
    };
  }
  const fileBytes = reader.byteLength;
  if (fileBytes !== undefined && offset + byteCount > fileBytes) {
    throw new GeoTiffReadError(
      `file is truncated: ${kind} ${blockIndex} ends at byte ${formatBytes(offset + byteCount)} ` +
        `but the file has ${formatBytes(fileBytes)} bytes`,
    );
  }
  let raw = await reader.read(offset, byteCount, signal);
  if (raw.length < byteCount) {
    throw new GeoTiffReadError(
      `file is truncated: ${kind} ${blockIndex} ends at byte ${formatBytes(offset + byteCount)} ` +
        `but the file has only ${formatBytes(offset + raw.length)} bytes`,
    );
  }
  const fillOrderRaw = raw;
  if (layout.fillOrder === 2) raw = raw.map((b) => reversedBits[b]);
  let bytes: Uint8Array;
  /** The bytes are a fresh inflated block, free to become the block's values. */
  let inflated = false;
  let littleEndian = layout.littleEndian;
  if (layout.compression === 1) {
    if (raw.length < expectedBytes) {
      throw new GeoTiffReadError(
        `${kind} ${blockIndex} holds ${formatBytes(raw.length)} bytes, fewer than the ${formatBytes(expectedBytes)} its size requires`,
      );
    }
    bytes = raw;
  } else if (layout.compression === 7 && (samples === 1 || samples === 3)) {
    const jpeg = await decodeJpeg(raw, layout.directory.tags.get(Tag.JPEGTables)?.values);
    bytes = frameToBlock(jpeg, width, rows, samples);
  } else if (layout.compression === 8 || layout.compression === 32946) {
    // fflate inflates about twice as fast as the pako inside geotiff.js (docs/benchmarks-decode.md),
    // a native zlib where the runtime hands one in (inflate.ts) faster still.
    try {
      bytes = await inflateBlock(raw, expectedBytes);
      inflated = true;
    } catch (error) {
      throw new GeoTiffReadError(
        `${kind} ${blockIndex} is damaged: its Deflate data cannot be decoded`,
        {
          cause: error,
        },
      );
    }
  } else if (layout.compression === 2 || layout.compression === 3 || layout.compression === 4) {
    // UTIF reads FillOrder itself, so the bits must not have been reversed above.
    const t4Options = tagNumbers(layout.directory, Tag.T4Options)?.[0] ?? 0;
    bytes = await decodeCcitt(
      fillOrderRaw,
      layout.compression,
      width,
      rows,
      layout.fillOrder,
      t4Options,
    );
  } else if (layout.compression === 34676) {
    bytes = decodeSgiLog(raw, width, rows, samples);
    littleEndian = true;
  } else if (layout.compression === 32773) {
    bytes = decodePackBits(raw, expectedBytes);
  } else if (layout.compression === 5) {
    try {
      bytes = decodeLzw(raw, expectedBytes);
    } catch (error) {
      throw new GeoTiffReadError(
        `${kind} ${blockIndex} is damaged: its LZW data cannot be decoded`,
        { cause: error },
      );
    }
  } else if (layout.compression === 50001) {
    const webp = await decodeWebp(raw);
    const rgba = new Uint8Array(webp.data.buffer, webp.data.byteOffset, webp.data.byteLength);
    const pixels = samples === 4 ? rgba : dropChannels(rgba, samples);
    bytes = frameToBlock(
      { pixels, width: webp.width, height: webp.height, components: samples },
      width,
      rows,
      samples,
    );
  } else if (geotiffJsDecoders.has(layout.compression)) {
    const decoder = await decoderFor(layout);
    const input = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
    let decoded: ArrayBufferLike;
    try {
      decoded = await decoder.decodeBlock(input);
    } catch (error) {
      const name = compressionNames[layout.compression];
      throw new GeoTiffReadError(
        `${kind} ${blockIndex} is damaged: its ${name} data cannot be decoded`,
        {
          cause: error,
        },
      );
    }
    bytes = new Uint8Array(decoded);
    // LERC hands back values in the machine's (little-endian) order.
    if (layout.compression === 34887) littleEndian = true;
  } else {
    const name = compressionNames[layout.compression] ?? `number ${layout.compression}`;
    throw new GeoTiffReadError(
      `the image uses ${name} compression, which sitediff cannot decode yet`,
    );
  }
  if (layout.ycbcrAsRgb) bytes = ycbcrToRgb(layout, bytes, width, rows);
  if (layout.predictor === 3) {
    if (bytes.buffer === raw.buffer) bytes = bytes.slice();
    const complexFactor = isComplex(layout.dataType) ? 2 : 1;
    undoFloatingPointPredictor(
      bytes,
      width,
      rows,
      samples * complexFactor,
      bits / 8 / complexFactor,
    );
    littleEndian = true;
  }
  const shape = {
    width,
    rows,
    samplesPerPixel: samples,
    bitsPerSample: bits,
    sampleFormat: layout.sampleFormat,
    littleEndian,
  };
  // libtiff applies horizontal differencing to 8, 16, 32 and 64-bit samples only and leaves
  // other sizes as stored (with a warning); GDAL's pixels are those.
  const horizontal = layout.predictor === 2 && bits % 8 === 0 && bits !== 24;
  if (horizontal) {
    if (layout.sampleFormat === SampleFormat.Float && bits !== 64) {
      // Differences were taken on the floats' bit patterns: undo them as integers, then reinterpret.
      const patterns = unpackSamples(
        bytes,
        { ...shape, sampleFormat: SampleFormat.Uint },
        bits === 16 ? 'UInt16' : 'UInt32',
      );
      undoHorizontalPredictor(patterns, width, rows, samples, bits);
      const native = new Uint8Array(patterns.buffer, patterns.byteOffset, patterns.byteLength);
      return {
        values: unpackSamples(native, { ...shape, littleEndian: true }, layout.dataType),
        rows,
        samples,
      };
    }
  }
  const values =
    inflated && layout.dataType === 'Byte' && bits === 8 && bytes.length === width * rows * samples
      ? bytes
      : unpackSamples(bytes, shape, layout.dataType);
  if (horizontal) undoHorizontalPredictor(values, width, rows, samples, bits);
  return { values, rows, samples };
}
