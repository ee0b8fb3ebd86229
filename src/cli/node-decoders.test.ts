// Node's zlib in place of fflate reads Deflate GeoTIFFs to the same samples, and a stream zlib
// refuses (a wrong Adler-32 trailer, which fflate does not check) still reads as fflate reads it;
// tiles compressed by Node's zlib read back to the samples written.
import { zlibSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { configureInflate, inflateBlock } from '../core/raster/inflate.ts';
import { openGeoTiff } from '../core/raster/open-geotiff.ts';
import { configureDeflate } from '../core/raster/tiff-tiles.ts';
import { encodeGeoTiff } from '../core/raster/write-geotiff.ts';
import { configureNodeDeflate, configureNodeInflate } from './node-decoders.ts';

afterEach(() => {
  configureInflate(null);
  configureDeflate(null);
});

async function readBands(file: Uint8Array) {
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const image = await openGeoTiff(buffer as ArrayBuffer);
  return (await image.readRaster()).bands;
}

describe('Deflate through Node zlib', () => {
  it('reads an RGB GeoTIFF with overviews as fflate does', async () => {
    const width = 300;
    const height = 200;
    const bands = [0, 1, 2].map((b) =>
      Uint8Array.from({ length: width * height }, (_, k) => (k * (b + 3) + (k >> 7)) & 0xff),
    );
    const file = encodeGeoTiff(
      { width, height, bands, dataType: 'Byte', noData: null },
      { geoTransform: [0, 1, 0, 0, 0, -1], crs: { epsg: 32652, kind: 'projected' } },
    );
    const withFflate = await readBands(file);
    configureNodeInflate();
    const withZlib = await readBands(file);
    expect(withFflate).toEqual(bands);
    expect(withZlib).toEqual(bands);
  });

  it('writes a mask with overviews that reads back to its samples', async () => {
    const width = 300;
    const height = 260;
    const mask = Uint8Array.from({ length: width * height }, (_, k) =>
      k % 977 < 40 ? 1 : k > 70_000 ? 255 : 0,
    );
    const options = {
      geoTransform: [0, 1, 0, 0, 0, -1] as const,
      crs: { epsg: 32652, kind: 'projected' } as const,
      overviewResampling: 'nearest' as const,
    };
    const raster = { width, height, bands: [mask], dataType: 'Byte' as const, noData: 255 };
    const withFflate = encodeGeoTiff(raster, options);
    configureNodeDeflate();
    const withZlib = encodeGeoTiff(raster, options);
    expect(withZlib).not.toEqual(withFflate);
    expect(await readBands(withZlib)).toEqual([mask]);
  });

  it('hands a stream zlib refuses to fflate, and keeps a block to its expected size', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, k) => k % 251);
    const damaged = zlibSync(bytes);
    damaged[damaged.length - 1] ^= 0xff;
    configureNodeInflate();
    expect(await inflateBlock(damaged, 1000)).toEqual(bytes);
    expect(await inflateBlock(zlibSync(bytes), 600)).toEqual(bytes.subarray(0, 600));
  });
});
