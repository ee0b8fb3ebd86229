import { describe, expect, it } from 'vitest';
import { close, dilate, erode, open, openThenClose } from './morphology.ts';
import { labelComponents } from './connected-components.ts';

function maskFrom(rows: string[]): Uint8Array {
  return Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0));
}

/** Reference erosion by brute force over the square window, outside counting as set. */
function bruteErode(mask: Uint8Array, width: number, height: number, r: number) {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let all = 1;
      for (let j = -r; j <= r; j++)
        for (let i = -r; i <= r; i++) {
          const xx = x + i;
          const yy = y + j;
          if (xx >= 0 && yy >= 0 && xx < width && yy < height && !mask[yy * width + xx]) all = 0;
        }
      out[y * width + x] = all;
    }
  return out;
}

function randomMask(width: number, height: number, density: number, seed: number) {
  let state = seed;
  return Uint8Array.from({ length: width * height }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 < density ? 1 : 0;
  });
}

describe('morphology', () => {
  it('erodes as the brute-force definition does, for several radii', () => {
    const mask = randomMask(37, 23, 0.7, 3);
    for (const r of [1, 2, 3]) expect(erode(mask, 37, 23, r)).toEqual(bruteErode(mask, 37, 23, r));
  });

  it('dilation is the complement of the erosion of the complement', () => {
    const mask = randomMask(31, 29, 0.2, 5);
    const complement = mask.map((v) => 1 - v);
    const expected = bruteErode(complement, 31, 29, 2).map((v) => 1 - v);
    // Outside counts as set for erosion and as unset for dilation, so compare the interior only.
    const got = dilate(mask, 31, 29, 2);
    for (let y = 2; y < 27; y++)
      for (let x = 2; x < 29; x++) expect(got[y * 31 + x]).toBe(expected[y * 31 + x]);
  });

  it('opening removes a speck and keeps a block; closing fills a pinhole', () => {
    const rows = [
      '#.......',
      '........',
      '..####..',
      '..####..',
      '..#.##..',
      '..####..',
      '........',
    ];
    const mask = maskFrom(rows);
    const opened = open(mask, 8, 7);
    expect(opened[0]).toBe(0);
    const closed = close(mask, 8, 7);
    expect(closed[4 * 8 + 3]).toBe(1);
  });

  it('opening then closing in three passes equals the four-pass definition', () => {
    const mask = randomMask(53, 41, 0.5, 13);
    for (const [a, b] of [
      [1, 1],
      [2, 1],
      [1, 3],
      [0, 2],
    ])
      expect(openThenClose(mask, 53, 41, a, b)).toEqual(close(open(mask, 53, 41, a), 53, 41, b));
  });
});

describe('labelComponents', () => {
  it('joins pixels touching at a corner (8-connectivity) and drops small components', () => {
    const mask = maskFrom(['#....', '.#...', '....#', '...##']);
    const { components, labels } = labelComponents(mask, 5, 4, null);
    expect(components.map((c) => c.pixelCount).sort()).toEqual([2, 3]);
    expect(labels[0]).toBe(labels[6]);
    const filtered = labelComponents(mask, 5, 4, null, 3);
    expect(filtered.components).toHaveLength(1);
    expect(filtered.labels[0]).toBe(0);
  });

  it('counts as many components as a flood fill on a random mask', () => {
    const width = 64;
    const height = 48;
    const mask = randomMask(width, height, 0.35, 9);
    const seen = new Uint8Array(mask.length);
    let floods = 0;
    for (let start = 0; start < mask.length; start++) {
      if (!mask[start] || seen[start]) continue;
      floods++;
      const stack = [start];
      seen[start] = 1;
      while (stack.length) {
        const k = stack.pop()!;
        const x = k % width;
        const y = (k - x) / width;
        for (let j = -1; j <= 1; j++)
          for (let i = -1; i <= 1; i++) {
            const xx = x + i;
            const yy = y + j;
            const n = yy * width + xx;
            if (xx < 0 || yy < 0 || xx >= width || yy >= height || !mask[n] || seen[n]) continue;
            seen[n] = 1;
            stack.push(n);
          }
      }
    }
    const { components } = labelComponents(mask, width, height, null);
    expect(components).toHaveLength(floods);
    expect(components.reduce((s, c) => s + c.pixelCount, 0)).toBe(mask.reduce((s, v) => s + v, 0));
  });
});
