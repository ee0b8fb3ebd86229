// Node cannot fetch a WebAssembly file by URL the way a bundled browser app does: hand the WebP
// decoder its .wasm bytes from the installed package. Deflate tiles go to Node's zlib, which
// inflates them on its thread pool, 3 times as fast as fflate on the main thread.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync, inflate } from 'node:zlib';
import { configureInflate } from '../core/raster/inflate.ts';
import { configureDeflate } from '../core/raster/tiff-tiles.ts';
import { configureWebpDecoder } from '../core/raster/webp-decoder.ts';

const inflateOnThreadPool = promisify(inflate);

/** Deflate tiles through Node's zlib; synchronous and cheap, for commands that read no WebP. */
export function configureNodeInflate(): void {
  configureInflate(async (compressed, expectedBytes) => {
    // Bounded like fflate's output: a damaged tile cannot inflate to gigabytes (it goes to fflate).
    // One output chunk of the block's size: with the default 16 KiB chunks, the main thread
    // spent more time gathering a tile's pieces than the pool took to inflate it.
    const bytes = Math.max(64, expectedBytes);
    const inflated = await inflateOnThreadPool(compressed, {
      chunkSize: bytes,
      maxOutputLength: bytes,
    });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  });
}

/**
 * Tiles of written GeoTIFFs compressed by Node's zlib (4 to 8 times as fast as fflate on a change
 * mask's tiles); the files differ from fflate's in their compressed bytes only.
 */
export function configureNodeDeflate(): void {
  configureDeflate((bytes, level) => {
    const stream = deflateSync(bytes, { level });
    return new Uint8Array(stream.buffer, stream.byteOffset, stream.byteLength);
  });
}

let configured: Promise<void> | null = null;

export function configureNodeDecoders(): Promise<void> {
  configured ??= (async () => {
    configureNodeInflate();
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('@jsquash/webp/package.json'));
    const wasm = await readFile(join(packageDir, 'codec/dec/webp_dec.wasm'));
    await configureWebpDecoder({
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    });
  })();
  return configured;
}
