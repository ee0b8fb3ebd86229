// Reads of many blocks gathered into runs (ChunkedReader.gather): fewer reads of the source, the
// same pixels, and the same errors when a file is truncated or a run cannot be read.
import { describe, expect, it } from 'vitest';
import { arrayBufferSource, GATHERED_SPAN_BYTES, type ByteSource } from './byte-source.ts';
import { openGeoTiff } from './open-geotiff.ts';
import { encodeGeoTiff } from './write-geotiff.ts';

// 1024 x 512 bytes of noise in 64 x 64 tiles: 128 tiles of about 4 KB each, one after the other.
const width = 1024;
const height = 512;
let state = 7;
const noise = Uint8Array.from({ length: width * height }, () => {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state >>> 24;
});
const file = encodeGeoTiff(
  { width, height, bands: [noise], dataType: 'Byte', noData: null },
  {
    geoTransform: [500_000, 1, 0, 4_000_000, 0, -1],
    crs: { epsg: 32652, kind: 'projected' },
    tileSizePixels: 64,
    overviewCount: 0,
  },
);

/** The file as a source that is not in memory, counting its reads past the header. */
function countingSource(bytes: Uint8Array, fail?: (offset: number, length: number) => boolean) {
  const reads: [number, number][] = [];
  const source: ByteSource = {
    byteLength: bytes.length,
    async read(offset, length) {
      reads.push([offset, length]);
      if (fail?.(offset, length)) throw new Error('the server went away');
      const end = Math.min(bytes.length, offset + length);
      return bytes.slice(Math.min(offset, end), end).buffer;
    },
  };
  return { source, reads };
}

describe('gathered block reads', () => {
  it('reads neighbouring tiles in a few runs, to the same pixels', async () => {
    const { source, reads } = countingSource(file);
    const image = await openGeoTiff(source);
    const before = reads.length;
    const raster = await image.readRaster();
    expect(raster.bands[0]).toEqual(noise);
    const tileReads = reads.slice(before);
    // 128 tiles of about 4 KB: one run (at most 4 MiB each), not a read per tile.
    expect(tileReads.length).toBeLessThanOrEqual(2);
    expect(Math.max(...tileReads.map(([, length]) => length))).toBeLessThanOrEqual(
      GATHERED_SPAN_BYTES,
    );
    // A second read of the same window comes from the block cache: no read at all.
    const again = reads.length;
    expect((await image.readRaster()).bands[0]).toEqual(noise);
    expect(reads.length).toBe(again);
  });

  it('reads a window of many tiles through runs of its own tiles only', async () => {
    const { source, reads } = countingSource(file);
    const image = await openGeoTiff(source);
    const before = reads.length;
    // Two rows of eight tiles: 16, the fewest a read gathers.
    const window = [128, 64, 640, 192] as const;
    const raster = await image.readRaster({ window });
    const expected = new Uint8Array(512 * 128);
    for (let y = 0; y < 128; y++)
      expected.set(noise.subarray((64 + y) * width + 128, (64 + y) * width + 640), y * 512);
    expect(raster.bands[0]).toEqual(expected);
    // Each row a run of its own (other tiles lie between them), fetching no tile outside it.
    const tileReads = reads.slice(before);
    expect(tileReads).toHaveLength(2);
    const tileBytes = Math.round(file.length / 128);
    for (const [, length] of tileReads) expect(length).toBeLessThan(8.5 * tileBytes);
  });

  it('falls back to a read per tile when a run cannot be read', async () => {
    const { source, reads } = countingSource(file, (_, length) => length > 64 * 1024);
    const image = await openGeoTiff(source);
    const raster = await image.readRaster();
    expect(raster.bands[0]).toEqual(noise);
    // The run was tried, failed, and its tiles came from reads of their own (through the reader's
    // 64 KiB chunks, as tiles this small always do).
    expect(reads.some(([, length]) => length > 64 * 1024)).toBe(true);
    expect(reads.filter(([, length]) => length <= 64 * 1024).length).toBeGreaterThan(1);
  });

  it('reports a truncated file as a read per tile does', async () => {
    const truncated = file.subarray(0, Math.floor(file.length * 0.6));
    const gathered = await openGeoTiff(countingSource(truncated).source);
    const inMemory = await openGeoTiff(arrayBufferSource(truncated.slice().buffer));
    const message = async (read: Promise<unknown>) =>
      read.then(
        () => 'read',
        (error: Error) => error.message,
      );
    const expected = await message(inMemory.readRaster());
    expect(expected).toMatch(/truncated/);
    expect(await message(gathered.readRaster())).toBe(expected);
  });
});
