// JPEG tiles decoded by libjpeg-turbo (compiled to WebAssembly), the library behind GDAL's own
// JPEG reading: the same integer IDCT, fancy upsampling and YCbCr→RGB tables, so pixels match
// GDAL exactly. geotiff.js's pure-JS decoder differs by ±1 and returns YCbCr unconverted.
import libjpegTurbo from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import { GeoTiffReadError } from './read-error.ts';

export interface DecodedJpeg {
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

let decoderOptions: { wasmBinary?: ArrayBuffer; locateFile?: (path: string) => string } | null =
  null;
let decoder: Promise<InstanceType<Awaited<ReturnType<typeof libjpegTurbo>>['JPEGDecoder']>> | null =
  null;

/**
 * Where a bundled app finds the decoder's .wasm file, e.g. in a worker entry
 * `configureJpegDecoder({ locateFile: () => wasmUrl })` with
 * `import wasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url'`. Node finds the
 * file next to the package by itself. Without either, the same library compiled to plain
 * JavaScript is used: identical pixels, slower.
 */
export function configureJpegDecoder(options: {
  wasmBinary?: ArrayBuffer;
  locateFile?: (path: string) => string;
}) {
  decoderOptions = options;
  decoder = null;
}

const runsInNode = () =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ===
  'string';

function jpegDecoder() {
  decoder ??= (
    decoderOptions || runsInNode()
      ? libjpegTurbo(decoderOptions ?? {})
      : import('@cornerstonejs/codec-libjpeg-turbo-8bit/decode').then((m) => m.default())
  ).then((module) => new module.JPEGDecoder());
  return decoder;
}

/**
 * A TIFF JPEG tile is often an abbreviated stream whose quantisation and Huffman tables live in
 * the JPEGTables tag (TIFF Technical Note 2): splice them in front of the tile's own segments.
 */
function withTables(tile: Uint8Array, tables: ArrayLike<number> | undefined): Uint8Array {
  if (!tables || tables.length <= 4) return tile;
  const merged = new Uint8Array(tables.length - 2 + tile.length - 2);
  merged.set(Array.from(tables).slice(0, tables.length - 2));
  merged.set(tile.subarray(2), tables.length - 2);
  return merged;
}

export async function decodeJpeg(
  tile: Uint8Array,
  tables: ArrayLike<number> | undefined,
): Promise<DecodedJpeg> {
  const jpeg = await jpegDecoder();
  const stream = withTables(tile, tables);
  jpeg.getEncodedBuffer(stream.length).set(stream);
  try {
    jpeg.decode();
  } catch (error) {
    throw new GeoTiffReadError('a JPEG tile is damaged and cannot be decoded', { cause: error });
  }
  const frame = jpeg.getFrameInfo();
  return {
    pixels: jpeg.getDecodedBuffer().slice(),
    width: frame.width,
    height: frame.height,
    components: frame.componentCount,
  };
}
