// The writer is checked by reading its output back with geotiff.js, an independent TIFF reader.
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { describe, expect, it } from 'vitest';
import type { GeoTransform } from '../georef/affine.ts';
import { encodeGeoTiff, tiffDateTime, type EncodeGeoTiffOptions } from './write-geotiff.ts';
import type { DataType, Raster, SampleArray } from './types.ts';

const utmTransform: GeoTransform = [600_000.25, 0.5, 0, 4_417_000.75, 0, -0.5];
const utm52N = { epsg: 32652, kind: 'projected' } as const;

// A small multiplicative hash: varied values that do not compress to nothing.
const hash = (column: number, row: number, band: number) =>
  (Math.imul(column * 73856093 + row * 19349663 + band * 83492791, 2654435761) >>> 0) / 2 ** 32;

function makeRaster(
  width: number,
  height: number,
  bandCount: number,
  dataType: DataType,
  sample: (column: number, row: number, band: number) => number,
  noData: number | null = null,
): Raster {
  const create: Record<string, (n: number) => SampleArray> = {
    Byte: (n) => new Uint8Array(n),
    UInt16: (n) => new Uint16Array(n),
    Int16: (n) => new Int16Array(n),
    UInt32: (n) => new Uint32Array(n),
    Int32: (n) => new Int32Array(n),
    Float32: (n) => new Float32Array(n),
    Float64: (n) => new Float64Array(n),
  };
  const bands = Array.from({ length: bandCount }, (_, band) => {
    const values = create[dataType](width * height);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        values[row * width + column] = sample(column, row, band);
      }
    }
    return values;
  });
  return { width, height, bands, dataType, noData };
}

async function decode(bytes: Uint8Array) {
  const copy = bytes.slice().buffer;
  const tiff = await fromArrayBuffer(copy);
  const count = await tiff.getImageCount();
  const images: GeoTIFFImage[] = [];
  for (let i = 0; i < count; i++) images.push(await tiff.getImage(i));
  return images;
}

// Tags by number (TIFF 6.0 / GeoTIFF ids); geotiff.js loads the larger ones lazily.
async function tag(image: GeoTIFFImage, id: number): Promise<unknown> {
  const value: unknown = await image.getFileDirectory().loadValue(id);
  return typeof value === 'string'
    ? value.replace(/\0$/, '')
    : ArrayBuffer.isView(value)
      ? Array.from(value as Uint16Array)
      : value;
}

async function bandsOf(image: GeoTIFFImage): Promise<number[][]> {
  const rasters = (await image.readRasters()) as unknown as ArrayLike<number>[];
  return Array.from(rasters, (band) => Array.from(band));
}

const encode = (raster: Raster, extra: Partial<EncodeGeoTiffOptions> = {}) =>
  encodeGeoTiff(raster, { geoTransform: utmTransform, crs: utm52N, ...extra });

describe('encodeGeoTiff', () => {
  it('writes a tiled RGB image whose samples, georeferencing and tags read back', async () => {
    const raster = makeRaster(300, 200, 3, 'Byte', (c, r, b) => Math.floor(hash(c, r, b) * 256));
    const bytes = encode(raster, {
      tileSizePixels: 64,
      dateTime: '2024:04:18 02:10:00',
      imageDescription: 'SYNTHETIC test image',
    });
    const [image] = await decode(bytes);
    expect(image.getWidth()).toBe(300);
    expect(image.getHeight()).toBe(200);
    expect(image.getTileWidth()).toBe(64);
    expect(image.getTileHeight()).toBe(64);
    expect(image.getSamplesPerPixel()).toBe(3);
    expect(await tag(image, 259)).toBe(8); // Compression: Deflate
    expect(await tag(image, 317)).toBe(2); // Predictor: horizontal differencing
    expect(await tag(image, 262)).toBe(2); // Photometric: RGB
    expect(await tag(image, 306)).toBe('2024:04:18 02:10:00');
    expect(await tag(image, 270)).toBe('SYNTHETIC test image');
    expect(image.getGeoKeys()).toMatchObject({
      GTModelTypeGeoKey: 1,
      GTRasterTypeGeoKey: 1,
      ProjectedCSTypeGeoKey: 32652,
    });
    expect(image.getOrigin()).toEqual([600_000.25, 4_417_000.75, 0]);
    expect(image.getResolution()).toEqual([0.5, -0.5, 0]);
    const bands = await bandsOf(image);
    for (let band = 0; band < 3; band++)
      expect(bands[band]).toEqual(Array.from(raster.bands[band]));
  });

  it('adds averaged overviews down to one tile, and lays out IFDs first, smallest tiles next', async () => {
    const raster = makeRaster(300, 200, 1, 'UInt16', (c, r) => Math.floor(hash(c, r, 0) * 4096));
    const bytes = encode(raster, { tileSizePixels: 64 });
    const images = await decode(bytes);
    expect(images.map((image) => [image.getWidth(), image.getHeight()])).toEqual([
      [300, 200],
      [150, 100],
      [75, 50],
      [38, 25],
    ]);
    expect(await tag(images[1], 254)).toBe(1); // NewSubfileType: reduced-resolution image
    const [overview] = await bandsOf(images[1]);
    const source = raster.bands[0];
    for (const [column, row] of [
      [0, 0],
      [17, 41],
      [149, 99],
    ]) {
      const at = (c: number, r: number) => source[r * 300 + c];
      const mean =
        (at(2 * column, 2 * row) +
          at(2 * column + 1, 2 * row) +
          at(2 * column, 2 * row + 1) +
          at(2 * column + 1, 2 * row + 1)) /
        4;
      expect(overview[row * 150 + column]).toBe(Math.round(mean));
    }
    const firstTileOffsets: number[] = [];
    for (const image of images)
      firstTileOffsets.push(Math.min(...((await tag(image, 324)) as number[])));
    for (let i = 1; i < firstTileOffsets.length; i++) {
      expect(firstTileOffsets[i]).toBeLessThan(firstTileOffsets[i - 1]);
    }
    // Every IFD comes before the first tile of the smallest overview.
    const view = new DataView(bytes.buffer);
    let directoryOffset = view.getUint32(4, true);
    while (directoryOffset !== 0) {
      expect(directoryOffset).toBeLessThan(firstTileOffsets[firstTileOffsets.length - 1]);
      directoryOffset = view.getUint32(
        directoryOffset + 2 + view.getUint16(directoryOffset, true) * 12,
        true,
      );
    }
  });

  it("writes GDAL's COG ghost header and frames every tile with its size and last 4 bytes", async () => {
    const raster = makeRaster(100, 70, 1, 'UInt16', (c, r) => Math.floor(hash(c, r, 0) * 4096));
    const bytes = encode(raster, { tileSizePixels: 32 });
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + 43));
    expect(header).toBe('GDAL_STRUCTURAL_METADATA_SIZE=000140 bytes\n');
    const ghost = new TextDecoder().decode(bytes.subarray(8 + 43, 8 + 43 + 140));
    expect(ghost).toContain('LAYOUT=IFDS_BEFORE_DATA\n');
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(8 + 43 + 140 + 1); // word aligned
    const [image] = await decode(bytes);
    const offsets = (await tag(image, 324)) as number[];
    const counts = (await tag(image, 325)) as number[];
    const view = new DataView(bytes.buffer);
    offsets.forEach((offset, i) => {
      expect(view.getUint32(offset - 4, true)).toBe(counts[i]);
      const end = offset + counts[i];
      expect(Array.from(bytes.subarray(end, end + 4))).toEqual(
        Array.from(bytes.subarray(end - 4, end)),
      );
    });
  });

  it('writes 4-band 12-bit imagery with extra samples and GDAL band metadata', async () => {
    const raster = makeRaster(96, 80, 4, 'UInt16', (c, r, b) => Math.floor(hash(c, r, b) * 4095));
    const bytes = encode(raster, {
      tileSizePixels: 32,
      metadata: { SYNTHETIC: 'YES', CREDIT: 'Synthetic imagery — sitediff demo' },
      bandMetadata: ['Red', 'Green', 'Blue', 'NIR'].map((name) => ({
        description: name,
        colorInterpretation: name as 'Red' | 'Green' | 'Blue' | 'NIR',
      })),
    });
    const [image] = await decode(bytes);
    expect(await tag(image, 262)).toBe(1); // Photometric: MinIsBlack
    expect(await tag(image, 338)).toEqual([0, 0, 0]); // ExtraSamples: unspecified
    expect(await tag(image, 258)).toEqual([16, 16, 16, 16]);
    expect(await image.getGDALMetadata()).toEqual({
      SYNTHETIC: 'YES',
      CREDIT: 'Synthetic imagery — sitediff demo',
    });
    expect(await image.getGDALMetadata(3)).toMatchObject({ DESCRIPTION: 'NIR' });
    const bands = await bandsOf(image);
    for (let band = 0; band < 4; band++)
      expect(bands[band]).toEqual(Array.from(raster.bands[band]));
  });

  it.each([
    ['Int16', (c: number, r: number) => Math.floor((hash(c, r, 0) - 0.5) * 60_000)],
    ['UInt32', (c: number, r: number) => Math.floor(hash(c, r, 0) * 4e9)],
    ['Int32', (c: number, r: number) => Math.floor((hash(c, r, 0) - 0.5) * 4e9)],
    ['Float32', (c: number, r: number) => Math.fround((hash(c, r, 0) - 0.5) * 1e3)],
    ['Float64', (c: number, r: number) => (hash(c, r, 0) - 0.5) * 1e-3],
  ] as const)('round-trips %s samples with its default predictor', async (dataType, sample) => {
    const raster = makeRaster(70, 45, 2, dataType, sample);
    const [image] = await decode(encode(raster, { tileSizePixels: 32 }));
    expect(image.getSampleFormat()).toBe(
      dataType.startsWith('Float') ? 3 : dataType.startsWith('U') ? 1 : 2,
    );
    const bands = await bandsOf(image);
    expect(bands[0]).toEqual(Array.from(raster.bands[0]));
    expect(bands[1]).toEqual(Array.from(raster.bands[1]));
  });

  it('keeps NaN nodata in a floating-point score and leaves it out of the overview average', async () => {
    const raster = makeRaster(
      64,
      64,
      1,
      'Float32',
      (c, r) => (c < 2 && r < 2 && c + r > 0 ? NaN : c + r),
      NaN,
    );
    const images = await decode(encode(raster, { tileSizePixels: 32 }));
    expect(images[0].getGDALNoData()).toBeNaN();
    const [full] = await bandsOf(images[0]);
    expect(full[1]).toBeNaN();
    const [overview] = await bandsOf(images[1]);
    expect(overview[0]).toBe(0); // only the (0, 0) sample is valid in the first 2x2 block
    expect(overview[1]).toBe((2 + 3 + 3 + 4) / 4);
  });

  it('stores a float raster that Deflate cannot shrink, and compresses one it can', async () => {
    // Full-mantissa noise, like a change score's low bits (xorshift32, Marsaglia 2003).
    let state = 2463534242;
    const noise = makeRaster(256, 256, 1, 'Float32', () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    });
    const smooth = makeRaster(256, 256, 1, 'Float32', (c, r) => c * 0.25 + r);
    const rawBytes = 256 * 256 * 4;
    const stored = encode(noise, { overviewCount: 0 });
    expect(stored.length).toBeGreaterThan(rawBytes);
    expect(encode(noise, { overviewCount: 0, deflateLevel: 6 }).length).toBeLessThan(stored.length);
    expect(encode(smooth, { overviewCount: 0 }).length).toBeLessThan(rawBytes / 4);
    const [image] = await decode(stored);
    expect(await tag(image, 317)).toBe(1); // Predictor: none, nothing to gain when stored
    expect((await bandsOf(image))[0]).toEqual(Array.from(noise.bands[0]));
  });

  it('reduces masks by nearest neighbour so overviews hold only mask values', async () => {
    const raster = makeRaster(
      128,
      128,
      1,
      'Byte',
      (c, r) => (c < 5 ? 255 : Math.round(hash(c, r, 0))),
      255,
    );
    const images = await decode(
      encode(raster, { tileSizePixels: 32, overviewResampling: 'nearest' }),
    );
    expect(images[0].getGDALNoData()).toBe(255);
    for (const image of images.slice(1)) {
      const [values] = await bandsOf(image);
      expect(new Set(values)).toEqual(new Set([0, 1, 255]));
    }
  });

  it('writes a geographic CRS with GeographicTypeGeoKey', async () => {
    const raster = makeRaster(40, 40, 1, 'Byte', () => 7);
    const bytes = encodeGeoTiff(raster, {
      geoTransform: [127.5, 0.0001, 0, 39.9, 0, -0.0001],
      crs: { epsg: 4326, kind: 'geographic' },
      tileSizePixels: 16,
      overviewCount: 0,
    });
    const images = await decode(bytes);
    expect(images).toHaveLength(1);
    expect(images[0].getGeoKeys()).toMatchObject({
      GTModelTypeGeoKey: 2,
      GeographicTypeGeoKey: 4326,
    });
  });

  it('writes images smaller than a tile, down to one pixel, and honours an explicit overview count', async () => {
    const tiny = makeRaster(1, 1, 1, 'Int16', () => -7);
    const [only, ...none] = await decode(encode(tiny));
    expect(none).toHaveLength(0);
    expect(await bandsOf(only)).toEqual([[-7]]);
    const small = makeRaster(5, 3, 2, 'UInt16', (c, r, b) => c + 10 * r + 100 * b);
    const images = await decode(encode(small, { overviewCount: 2 }));
    expect(images.map((image) => [image.getWidth(), image.getHeight()])).toEqual([
      [5, 3],
      [3, 2],
      [2, 1],
    ]);
    expect((await bandsOf(images[0]))[1]).toEqual(Array.from(small.bands[1]));
  });

  it('is byte-identical for identical input', () => {
    const raster = makeRaster(200, 130, 3, 'Byte', (c, r, b) => Math.floor(hash(c, r, b) * 256));
    const options = { tileSizePixels: 64, dateTime: '2024:10:04 02:05:00' } as const;
    expect(encode(raster, options)).toEqual(encode(raster, options));
  });

  it('refuses what it cannot write faithfully', () => {
    const raster = makeRaster(32, 32, 1, 'Float32', () => 1);
    expect(() => encode(raster, { predictor: 'horizontal' })).toThrow(/floating-point/);
    expect(() => encode(raster, { dateTime: '2024-04-18' })).toThrow(/DateTime/);
    expect(() =>
      encodeGeoTiff(raster, { geoTransform: [0, 0.5, 0.1, 0, 0, -0.5], crs: utm52N }),
    ).toThrow(/north-up/);
  });
});

describe('tiffDateTime', () => {
  it('converts ISO 8601 UTC to the TIFF form', () => {
    expect(tiffDateTime('2024-04-18T02:10:00Z')).toBe('2024:04:18 02:10:00');
    expect(tiffDateTime('2024-10-04')).toBe('2024:10:04 00:00:00');
    expect(() => tiffDateTime('18/04/2024')).toThrow();
  });
});
