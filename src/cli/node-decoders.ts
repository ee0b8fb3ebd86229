// Node cannot fetch a WebAssembly file by URL the way a bundled browser app does: hand the WebP
// decoder its .wasm bytes from the installed package.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { configureWebpDecoder } from '../core/raster/webp-decoder.ts';

let configured: Promise<void> | null = null;

export function configureNodeDecoders(): Promise<void> {
  configured ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('@jsquash/webp/package.json'));
    const wasm = await readFile(join(packageDir, 'codec/dec/webp_dec.wasm'));
    await configureWebpDecoder({
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    });
  })();
  return configured;
}
