// The reader's contract beyond GDAL parity (which fixtures/geotiff covers): windows, bands and
// overviews agree with a full read, bad input fails with a reason a user can act on, the pixel
// budget is enforced before allocating, and reads can be cancelled.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from './byte-source.ts';
import { GeoTiffReadError, openGeoTiff } from './open-geotiff.ts';

const fixture = (name: string) => {
  const bytes = readFileSync(new URL(`../../../fixtures/geotiff/${name}`, import.meta.url));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
};

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GeoTiffReadError);
    return (error as GeoTiffReadError).reason;
  }
  throw new Error('expected a GeoTiffReadError');
}

describe('openGeoTiff', () => {
  it('reads a window and a band subset equal to the same pixels of a full read', async () => {
    const image = await openGeoTiff(fixture('cogeotiff-core/rgba8_cog.tiff'));
    const full = await image.readRaster();
    const window = await image.readRaster({ window: [5, 7, 40, 30], bands: [2, 0] });
    expect([window.width, window.height]).toEqual([35, 23]);
    for (const [k, band] of [2, 0].entries()) {
      for (let row = 0; row < 23; row++) {
        for (let column = 0; column < 35; column++) {
          expect(window.bands[k][row * 35 + column]).toBe(
            full.bands[band][(row + 7) * 64 + column + 5],
          );
        }
      }
    }
  });

  it('reads overviews at their own size and picks one for a target width', async () => {
    const image = await openGeoTiff(fixture('rio-cogeo/image_rioCOG_gdal3.1.tif'));
    expect(image.info.overviews).toEqual([[50, 50]]);
    const overview = await image.readRaster({ overview: 0 });
    expect([overview.width, overview.height]).toEqual([50, 50]);
    expect(image.overviewFor(40)).toBe(0);
    expect(image.overviewFor(80)).toBe(-1);
    const byTarget = await image.readRaster({ overview: { targetWidth: 30 } });
    expect(byTarget.width).toBe(50);
  });

  it('names what a non-TIFF file looks like', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await reason(openGeoTiff(png.buffer))).toBe('not a TIFF file (it starts like a PNG)');
    expect(await reason(openGeoTiff(new ArrayBuffer(0)))).toBe('the file is empty (0 bytes)');
  });

  it('reports a truncated download with the byte where data is missing', async () => {
    // A COG keeps its header first, so a cut-off download still opens and fails on the pixels.
    const whole = fixture('rio-cogeo/image_rioCOG_gdal3.1.tif');
    const image = await openGeoTiff(whole.slice(0, whole.byteLength - 2000));
    expect(await reason(image.readRaster())).toMatch(
      /^file is truncated: (strip|tile) \d+ ends at byte [\d,]+ but the file has [\d,]+ bytes$/,
    );
  });

  it('refuses, before reading pixels, a file larger than the budget', async () => {
    const message = await reason(openGeoTiff(fixture('rasterio/red.tif'), { maxPixels: 1000 }));
    expect(message).toMatch(/^declared size 64 x 64 x \d bands exceeds the budget of 1,000 pixels/);
    // A file with overviews opens: the overview fits the budget where full resolution does not.
    const image = await openGeoTiff(fixture('rio-cogeo/image_rioCOG_gdal3.1.tif'), {
      maxPixels: 8000,
    });
    expect(await reason(image.readRaster())).toMatch(/exceeds the budget of 8,000 pixels/);
    expect((await image.readRaster({ overview: 0 })).width).toBe(50);
  });

  it('reads through a ByteSource with range reads only, and stops when aborted', async () => {
    const buffer = fixture('cogeotiff-core/be_cog.tiff');
    const reads: [number, number][] = [];
    const source: ByteSource = {
      byteLength: buffer.byteLength,
      read: async (offset, length) => {
        reads.push([offset, length]);
        return buffer.slice(offset, offset + length);
      },
    };
    const image = await openGeoTiff(source);
    expect(image.info.compression).toBe('YCbCr JPEG');
    const controller = new AbortController();
    controller.abort();
    await expect(image.readRaster({ signal: controller.signal })).rejects.toThrow();
    expect(reads.length).toBeGreaterThan(0);
  });
});
