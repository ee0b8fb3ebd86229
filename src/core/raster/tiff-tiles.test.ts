// The tile encoder's shortcuts give the bytes fflate gives: stored streams written with native
// copies, and one stream reused for tiles of a single repeated byte.
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeTiles, sampleLayouts, zlibStored } from './tiff-tiles.ts';

describe('tile Deflate streams', () => {
  it('writes stored streams byte for byte as fflate at level 0', () => {
    for (const size of [0, 1, 1000, 65534, 65535, 65536, 2 * 65535, 200_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, k) => (k * 131 + (k >> 9)) & 0xff);
      expect(zlibStored(bytes)).toEqual(zlibSync(bytes, { level: 0 }));
    }
  });

  it('encodes empty and busy mask tiles as fflate does', () => {
    const width = 80;
    const height = 48;
    const tileSize = 16;
    const mask = new Uint8Array(width * height);
    for (let k = 0; k < 300; k++) mask[(k * 37) % (width * 16)] = 1;
    mask.fill(255, width * 40);
    const tiles = encodeTiles(
      { width, height, bands: [mask] },
      tileSize,
      sampleLayouts.Byte!,
      'horizontal',
      6,
    );
    // The reference: each tile cut out, differenced along its rows (TIFF predictor 2), deflated.
    const expected: Uint8Array[] = [];
    for (let tileRow = 0; tileRow < height / tileSize; tileRow++) {
      for (let tileColumn = 0; tileColumn < width / tileSize; tileColumn++) {
        const tile = new Uint8Array(tileSize * tileSize);
        for (let y = 0; y < tileSize; y++) {
          for (let x = tileSize - 1; x >= 0; x--) {
            const k = (tileRow * tileSize + y) * width + tileColumn * tileSize + x;
            tile[y * tileSize + x] = x > 0 ? mask[k] - mask[k - 1] : mask[k];
          }
        }
        expected.push(zlibSync(tile, { level: 6 }));
      }
    }
    expect(tiles).toEqual(expected);
    // The middle row of tiles is empty: one stream serves them all.
    expect(tiles[5]).toBe(tiles[6]);
  });
});
