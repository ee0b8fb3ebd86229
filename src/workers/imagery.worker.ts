// Web Worker entry point: a thin shell over the imagery functions.
import { workerApi } from './worker-api.ts';
import { exposeApi, type Endpoint } from './rpc.ts';
import { configureJpegDecoder } from '../core/raster/jpeg-decoder.ts';
import jpegWasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import { configureEpsgRegistry } from './epsg-names.ts';

// The bundler emits libjpeg-turbo's .wasm only when asked for its URL (6× the pure-JS build).
configureJpegDecoder({ locateFile: () => jpegWasmUrl });
// CRS names as GDAL gives them, from the EPSG registry's names bundled at build time (no network).
configureEpsgRegistry(
  async (code) => (await import('virtual:epsg-names')).default[String(code)] ?? null,
);

exposeApi(workerApi, self as unknown as Endpoint);
