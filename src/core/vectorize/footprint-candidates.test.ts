import { describe, expect, it } from 'vitest';
import { bandsOnGrid } from '../change/common-grid.ts';
import type { ChangeComponent } from '../change/connected-components.ts';
import { afterAppearance, footprintCandidates } from './footprint-candidates.ts';

const size = 160;
/** Path radiance every band carries, shadow included (a hazy 12-bit sensor). */
const haze = [210, 240, 250];

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Scene {
  readonly bands: Float32Array[];
  readonly labels: Int32Array;
  readonly region: ChangeComponent;
}

/**
 * A change region `yard` (disturbed brown ground, textured in 4-pixel blotches) around a grey roof
 * `roof`, with the roof's shadow `shadow` beside it, on a dark lawn outside the region.
 */
function scene(options: {
  yard: readonly [number, number, number, number];
  roof?: readonly [number, number, number, number];
  shadow?: readonly [number, number, number, number];
}): Scene {
  const next = random(7);
  const blotches = Float32Array.from({ length: (size / 4) ** 2 }, () => 0.8 + next() * 0.4);
  const within = ([c0, r0, c1, r1]: readonly number[], c: number, r: number) =>
    c >= c0 && c < c1 && r >= r0 && r < r1;
  const bands = haze.map(() => new Float32Array(size * size));
  const labels = new Int32Array(size * size);
  let pixelCount = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      let reflected = [300, 280, 160];
      if (within(options.yard, c, r)) {
        labels[k] = 1;
        pixelCount++;
        const texture = blotches[Math.floor(r / 4) * (size / 4) + Math.floor(c / 4)];
        reflected = [700 * texture, 560 * texture, 430 * texture];
        if (options.shadow && within(options.shadow, c, r))
          reflected = reflected.map((v) => v * 0.25);
        if (options.roof && within(options.roof, c, r)) reflected = [820, 850, 900];
      }
      for (let b = 0; b < 3; b++) bands[b][k] = haze[b] + reflected[b] + (next() - 0.5) * 30;
    }
  }
  const [minColumn, minRow, maxColumn, maxRow] = options.yard;
  return {
    bands,
    labels,
    region: {
      label: 1,
      pixelCount,
      minColumn,
      minRow,
      maxColumn,
      maxRow,
      meanScore: 1,
      maxScore: 1,
    },
  };
}

const find = (s: Scene) =>
  footprintCandidates(s.labels, size, s.region, afterAppearance(bandsOnGrid(s.bands, size, size)), {
    pixelSizeMetres: 0.5,
  });

describe('footprint candidates', () => {
  it('separates a roof from the disturbed yard and the shadow around it', () => {
    const roof = [50, 60, 110, 86] as const;
    const candidates = find(scene({ yard: [20, 20, 140, 140], roof, shadow: [50, 40, 110, 60] }));
    expect(candidates).toHaveLength(1);
    const { component, column, row } = candidates[0];
    const roofPixels = (roof[2] - roof[0]) * (roof[3] - roof[1]);
    expect(Math.abs(component.pixelCount - roofPixels)).toBeLessThan(0.05 * roofPixels);
    // The 3 × 3 mean blurs each edge by at most a pixel.
    const box = [
      component.minColumn + column,
      component.minRow + row,
      component.maxColumn + column,
      component.maxRow + row,
    ];
    box.forEach((edge, i) => expect(Math.abs(edge - roof[i])).toBeLessThanOrEqual(1));
  });

  it('finds nothing in a region that is all ground, or all shadow that moved', () => {
    expect(find(scene({ yard: [20, 20, 140, 140] }))).toEqual([]);
    expect(find(scene({ yard: [20, 20, 140, 60], shadow: [20, 20, 140, 60] }))).toEqual([]);
  });

  it('does not look at regions too small to hold a candidate and its ground', () => {
    // 10 × 10 pixels = 25 m², under twice the smallest candidate (20 m²).
    expect(find(scene({ yard: [60, 60, 70, 70], roof: [62, 62, 68, 68] }))).toEqual([]);
  });
});
