import { describe, expect, it } from 'vitest';
import { arrayBufferSource, type ByteSource } from './byte-source.ts';
import { BlockCache } from './block-cache.ts';
import type { DecodedBlock } from './decode-block.ts';
import { openGeoTiff } from './open-geotiff.ts';
import { encodeGeoTiff } from './write-geotiff.ts';

const blockOfBytes = (bytes: number): Promise<DecodedBlock> =>
  Promise.resolve({ values: new Uint8Array(bytes), rows: 1, samples: 1 });

/** Lets the cache's bookkeeping of resolved blocks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('BlockCache', () => {
  it('keeps the decoded bytes within its budget, dropping the least recently used', async () => {
    const cache = new BlockCache(1000);
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => blockOfBytes(300));
    await settle();
    expect(cache.cachedBytes).toBe(900);
    await cache.get('a', () => blockOfBytes(300)); // a is now the most recent
    await cache.get('d', () => blockOfBytes(300));
    await settle();
    expect(cache.cachedBytes).toBe(900);
    expect(['a', 'b', 'c', 'd'].filter((key) => cache.has(key))).toEqual(['a', 'c', 'd']);
  });

  it('shares one decode between concurrent reads and forgets a failed one', async () => {
    const cache = new BlockCache(1000);
    let decodes = 0;
    const decode = () => (decodes++, blockOfBytes(10));
    await Promise.all([cache.get('a', decode), cache.get('a', decode)]);
    expect(decodes).toBe(1);
    await expect(cache.get('b', () => Promise.reject(new Error('damaged')))).rejects.toThrow();
    await settle();
    expect(cache.has('b')).toBe(false);
  });

  it('does not keep a block larger than the whole budget', async () => {
    const cache = new BlockCache(100);
    const block = await cache.get('big', () => blockOfBytes(500));
    await settle();
    expect(block.values.byteLength).toBe(500);
    expect(cache.cachedBytes).toBe(0);
    expect(cache.size).toBe(0);
  });
});

describe('openGeoTiff block cache', () => {
  // 512 x 256 Float32, 4 bands, two 256 x 256 tiles of 1 MiB decoded each, filled with noise so
  // that each compressed tile stays large enough to be read from the source on its own.
  const [width, height, tile] = [512, 256, 256];
  const tileBytes = tile * tile * 4 * 4;
  const noise = (i: number) => (Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32;
  const bands = Array.from({ length: 4 }, (_, band) =>
    Float32Array.from({ length: width * height }, (_, i) => noise(i * 4 + band)),
  );
  const tiff = encodeGeoTiff(
    { width, height, bands, dataType: 'Float32', noData: null },
    {
      geoTransform: [500_000, 1, 0, 4_000_000, 0, -1],
      crs: { epsg: 32652, kind: 'projected' },
      tileSizePixels: tile,
      overviewCount: 0,
    },
  );
  const countingSource = () => {
    const inner = arrayBufferSource(tiff.slice().buffer);
    const source: ByteSource & { reads: number } = {
      reads: 0,
      byteLength: inner.byteLength,
      read(offset, length, signal) {
        source.reads++;
        return inner.read(offset, length, signal);
      },
    };
    return source;
  };

  it('re-reads from the cache while the blocks fit its budget, from the file once they do not', async () => {
    const roomy = countingSource();
    const cached = await openGeoTiff(roomy, { blockCacheBytes: 4 * tileBytes });
    await cached.readRaster();
    const readsAfterFirst = roomy.reads;
    const again = await cached.readRaster();
    expect(roomy.reads).toBe(readsAfterFirst);
    expect(again.bands[3][width * height - 1]).toBe(
      Math.fround(noise((width * height - 1) * 4 + 3)),
    );

    const tight = countingSource();
    const uncached = await openGeoTiff(tight, { blockCacheBytes: 1.5 * tileBytes });
    await uncached.readRaster();
    const firstReads = tight.reads;
    // The budget holds one tile: the first read's older tile was dropped and is read again.
    await uncached.readRaster();
    expect(tight.reads).toBe(firstReads + 1);
  });
});
