// WebP tiles decoded by libwebp compiled to WebAssembly (@jsquash/webp), the library GDAL uses.
// geotiff.js decodes WebP through the browser's canvas, which Node and some workers lack.
import decode, { init } from '@jsquash/webp/decode.js';
import { GeoTiffReadError } from './read-error.ts';

interface DecodedImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

// The decoder builds its result with the global ImageData, which Node does not have.
const scope = globalThis as { ImageData?: unknown };
scope.ImageData ??= class {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
};

/**
 * The decoder's .wasm bytes, for runtimes that cannot fetch it next to the package (Node); a
 * bundled browser app needs nothing.
 */
export function configureWebpDecoder(options: { wasmBinary: ArrayBuffer }): Promise<void> {
  return init(options as never);
}

/** RGBA pixels of one WebP tile. */
export async function decodeWebp(tile: Uint8Array): Promise<DecodedImage> {
  const input = tile.buffer.slice(
    tile.byteOffset,
    tile.byteOffset + tile.byteLength,
  ) as ArrayBuffer;
  try {
    return (await decode(input)) as unknown as DecodedImage;
  } catch (error) {
    throw new GeoTiffReadError('a WebP tile is damaged and cannot be decoded', { cause: error });
  }
}
