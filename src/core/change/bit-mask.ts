// A binary raster packed 32 pixels to a word, row by row (pixel x of a row in word x >> 5, bit
// x & 31; the bits past the last column are kept 0). Morphology then handles 32 pixels per
// operation, as OpenCV's does, and runs of set pixels are found a word at a time.

export interface BitMask {
  readonly width: number;
  readonly height: number;
  readonly wordsPerRow: number;
  readonly words: Uint32Array;
}

export function emptyBitMask(width: number, height: number): BitMask {
  const wordsPerRow = (width + 31) >>> 5;
  return { width, height, wordsPerRow, words: new Uint32Array(wordsPerRow * height) };
}

/** Bits of the last word of a row that are inside the image. */
export function lastWordBits(width: number): number {
  const used = width & 31;
  return used === 0 ? 0xffffffff : (1 << used) - 1;
}

export function packMask(mask: Uint8Array, width: number, height: number): BitMask {
  const bits = emptyBitMask(width, height);
  const { words, wordsPerRow } = bits;
  for (let y = 0; y < height; y++) {
    const rowWords = y * wordsPerRow;
    for (let x = 0, k = y * width; x < width; x++, k++)
      if (mask[k]) words[rowWords + (x >>> 5)] |= 1 << (x & 31);
  }
  return bits;
}

export function unpackMask(bits: BitMask): Uint8Array {
  const { width, height, words, wordsPerRow } = bits;
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const rowWords = y * wordsPerRow;
    for (let x = 0, k = y * width; x < width; x++, k++)
      mask[k] = (words[rowWords + (x >>> 5)] >>> (x & 31)) & 1;
  }
  return mask;
}

/** How many bits of a 32-bit word are set. */
export function setBitCount(word: number): number {
  let w = word - ((word >>> 1) & 0x55555555);
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Index of the lowest set bit of a non-zero word. */
const lowestSetBit = (word: number) => 31 - Math.clz32(word & -word);

/**
 * Calls `run(row, start, end)` for every run of set pixels (columns start ≤ x < end), in raster
 * order. Words without set bits (or, inside a run, without clear bits) are skipped whole.
 */
export function forEachRun(
  bits: BitMask,
  run: (row: number, start: number, end: number) => void,
): void {
  const { width, height, words, wordsPerRow } = bits;
  for (let y = 0; y < height; y++) {
    const rowWords = y * wordsPerRow;
    let open = -1;
    for (let w = 0; w < wordsPerRow; w++) {
      const word = words[rowWords + w];
      if (open < 0 && word === 0) continue;
      if (open >= 0 && word === 0xffffffff) continue;
      let bit = 0;
      while (bit < 32) {
        const above = ~0 << bit;
        if (open < 0) {
          const set = word & above;
          if (set === 0) break;
          bit = lowestSetBit(set);
          open = (w << 5) + bit;
        } else {
          const clear = ~word & above;
          if (clear === 0) break;
          bit = lowestSetBit(clear);
          run(y, open, (w << 5) + bit);
          open = -1;
        }
      }
    }
    if (open >= 0) run(y, open, width);
  }
}
