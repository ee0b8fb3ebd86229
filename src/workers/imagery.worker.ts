// Web Worker entry point: a thin shell over the imagery functions.
import { workerApi } from './worker-api.ts';
import { exposeApi, type Endpoint } from './rpc.ts';
import { configureJpegDecoder } from '../core/raster/jpeg-decoder.ts';
import jpegWasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import { configureEpsgRegistry } from './epsg-names.ts';
import { configureInflate } from '../core/raster/inflate.ts';
import { helperInflate, type InflateHelper } from './inflate-pool.ts';

// The bundler emits libjpeg-turbo's .wasm only when asked for its URL (6× the pure-JS build).
configureJpegDecoder({ locateFile: () => jpegWasmUrl });
// CRS names as GDAL gives them, from the EPSG registry's names bundled at build time (no network).
configureEpsgRegistry(
  async (code) => (await import('virtual:epsg-names')).default[String(code)] ?? null,
);

// Deflate blocks inflated on helper threads (inflate-pool.ts), one per core beyond this one's, up
// to three; where a worker cannot start workers, fflate here as before.
if (typeof Worker !== 'undefined') {
  const cores = navigator.hardwareConcurrency || 2;
  configureInflate(
    helperInflate(
      () =>
        new Worker(new URL('./inflate.worker.ts', import.meta.url), {
          type: 'module',
          name: 'sitediff-inflate',
        }) as unknown as InflateHelper,
      Math.min(3, Math.max(1, cores - 1)),
    ),
  );
}

exposeApi(workerApi, self as unknown as Endpoint);
