import { describe, expect, it } from 'vitest';
import { utm52 } from '../../../tests/bench/synthetic-pair.ts';
import { emptyBitMask } from './bit-mask.ts';
import { bandsOnGrid } from './common-grid.ts';
import { manualShift } from './coregistration.ts';
import { extractChanges, type PreparedChanges } from './detect-changes.ts';

// A prepared pair written by hand (0.5 m pixels, 1 m structure cells), so each region's evidence is
// exactly what the test says: three 20 × 20 m places gain structure (2, above the core's 3 × 0.5)
// and change colour a little (score 1.5: above the threshold of 1, under its core of 3).
// A: on cells that held a structure before — an existing roof relit; B: on open ground — new;
// C: on an existing structure, but its colour changed strongly over a quarter of it — rebuilt.
function prepared(): PreparedChanges {
  const width = 240;
  const height = 120;
  const score = new Float32Array(width * height).fill(0.1);
  const cellsX = width / 2;
  const cellsY = height / 2;
  const values = new Float32Array(cellsX * cellsY);
  const existing = emptyBitMask(cellsX, cellsY);
  const place = (x0: number, onExisting: boolean, strongColour: boolean) => {
    for (let y = 20; y < 60; y++)
      for (let x = x0; x < x0 + 40; x++) {
        score[y * width + x] = strongColour && y < 30 ? 5 : 1.5;
        const cx = x >> 1;
        const cy = y >> 1;
        values[cy * cellsX + cx] = 2;
        if (onExisting) existing.words[cy * existing.wordsPerRow + (cx >>> 5)] |= 1 << (cx & 31);
      }
  };
  place(10, true, false);
  place(100, false, false);
  place(180, true, true);
  const pixelSizeMetres = { x: 0.5, y: 0.5 };
  return {
    width,
    height,
    geoTransform: [371000, 0.5, 0, 4418000, 0, -0.5],
    crs: utm52,
    pixelSizeMetres,
    score,
    scoreRange: { minimum: 0.1, maximum: 5 },
    structure: { factor: 2, width: cellsX, height: cellsY, values, existing },
    vegetation: null,
    afterBands: bandsOnGrid(
      [0, 1, 2].map(() => new Uint8Array(width * height).fill(100)),
      width,
      height,
    ),
    coregistration: manualShift({ x: 0, y: 0 }, { pixelSizeMetres }),
    normalisation: {
      bands: [0, 1, 2].map(() => ({ gain: 1, offset: 0, scale: 1 })),
      invariantFraction: 1,
    },
    overlapFraction: 1,
    timingsMilliseconds: {},
  };
}

describe('relit regions', () => {
  it('drops a region of structure gain alone on an existing structure, keeps the others', () => {
    const p = prepared();
    const options = { threshold: 1, minAreaSquareMetres: 20 } as const;
    const areasOf = (r: ReturnType<typeof extractChanges>) =>
      r.regions.features.map((f) => Math.round(f.properties.areaSquareMetres));
    const withRule = extractChanges(p, options);
    const without = extractChanges(p, { ...options, relitExistingShare: 1 });
    expect(areasOf(without)).toEqual([400, 400, 400]);
    expect(areasOf(withRule)).toEqual([400, 400]);
    expect(withRule.relitRegions?.count).toBe(1);
    expect(withRule.relitRegions?.areaSquareMetres).toBeCloseTo(400, 6);
    // The rule turned off reports no figure, as with the structure gain off (below).
    expect(without.relitRegions).toBeNull();
    // The one dropped is A, the westernmost.
    const west = (r: ReturnType<typeof extractChanges>) =>
      Math.min(
        ...r.regions.features.map((f) => Math.min(...f.geometry.coordinates[0].map((c) => c[0]))),
      );
    expect(west(withRule)).toBeGreaterThan(west(without));
    // Colour alone (no structure term): the rule has nothing to go on and keeps all three.
    const colourOnly = extractChanges(p, {
      ...options,
      structureThreshold: Infinity,
      coreFactor: 1,
    });
    expect(colourOnly.regions.features).toHaveLength(3);
    expect(colourOnly.relitRegions).toBeNull();
  });
});
