import { describe, expect, it } from 'vitest';
import { ChunkedReader, type ByteSource } from './byte-source.ts';

/** A source over `size` bytes (byte k = k mod 251) that records every read it serves. */
function countingSource(size: number) {
  const reads: [number, number][] = [];
  const source: ByteSource = {
    byteLength: size,
    read: async (offset, length) => {
      reads.push([offset, length]);
      const end = Math.min(size, offset + length);
      return Uint8Array.from({ length: Math.max(0, end - offset) }, (_, k) => (offset + k) % 251)
        .buffer;
    },
  };
  return { source, reads };
}

const expected = (offset: number, length: number) =>
  Array.from({ length }, (_, k) => (offset + k) % 251);

describe('ChunkedReader', () => {
  it('serves small reads from cached 64 KiB chunks: two header reads cost one source read', async () => {
    const { source, reads } = countingSource(1 << 20);
    const reader = new ChunkedReader(source);
    expect(Array.from(await reader.read(8, 100))).toEqual(expected(8, 100));
    expect(Array.from(await reader.read(4000, 16))).toEqual(expected(4000, 16));
    expect(reads).toEqual([[0, 65536]]);
    // A small read across a chunk boundary takes the next chunk as well.
    expect(Array.from(await reader.read(65500, 100))).toEqual(expected(65500, 100));
    expect(reads).toEqual([
      [0, 65536],
      [65536, 65536],
    ]);
  });

  it('passes a read of more than a chunk straight through, caching nothing', async () => {
    const { source, reads } = countingSource(1 << 20);
    const reader = new ChunkedReader(source);
    const tile = await reader.read(70_000, 130_000);
    expect(Array.from(tile)).toEqual(expected(70_000, 130_000));
    await reader.read(70_000, 130_000);
    expect(reads).toEqual([
      [70_000, 130_000],
      [70_000, 130_000],
    ]);
  });

  it('returns fewer bytes at the end of the file, through the cache or not', async () => {
    const { source } = countingSource(100_000);
    const reader = new ChunkedReader(source);
    expect((await reader.read(99_990, 50)).length).toBe(10);
    expect(Array.from(await reader.read(20_000, 200_000))).toEqual(expected(20_000, 80_000));
  });
});
