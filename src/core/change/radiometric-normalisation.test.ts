import { describe, expect, it } from 'vitest';
import type { AnalysisImage } from './analysis-image.ts';
import { changeScore } from './change-score.ts';
import { normaliseRadiometry } from './radiometric-normalisation.ts';

function uniforms(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function image(width: number, height: number, bands: Float32Array[]): AnalysisImage {
  return { width, height, bands, valid: new Uint8Array(width * height).fill(1) };
}

describe('normaliseRadiometry', () => {
  const width = 200;
  const height = 200;
  const n = width * height;
  const random = uniforms(1);
  const before = [0, 1, 2].map(() => Float32Array.from({ length: n }, () => 40 + 150 * random()));
  // A 12-bit sensor with another gain and a haze offset per band; a fifth of the scene changed.
  const gains = [14, 12, 15];
  const offsets = [300, 200, 120];
  const changed = (i: number) => i % width < 40;
  const after = before.map((band, k) =>
    Float32Array.from(
      band,
      (v, i) => (changed(i) ? 4000 - v * 10 : v * gains[k] + offsets[k]) + (random() - 0.5) * 4,
    ),
  );

  it('recovers gain and offset from the pseudo-invariant pixels despite real change', () => {
    const result = normaliseRadiometry(image(width, height, before), image(width, height, after));
    result.bands.forEach((band, k) => {
      expect(band.gain).toBeCloseTo(1 / gains[k], 3);
      expect(band.offset).toBeCloseTo(-offsets[k] / gains[k], 0);
    });
  });

  it('leaves a score near zero where only radiometry differs and high where the scene changed', () => {
    const b = image(width, height, before);
    const a = image(width, height, after);
    const score = changeScore(b, a, normaliseRadiometry(b, a));
    let unchanged = 0;
    let change = 0;
    for (let i = 0; i < n; i++) {
      if (changed(i)) change += score[i];
      else unchanged += score[i];
    }
    expect(unchanged / (0.8 * n)).toBeLessThan(0.05);
    expect(change / (0.2 * n)).toBeGreaterThan(1);
  });

  it('damps a pure darkening (a shadow) when asked, but not a change of colour', () => {
    const single = (values: number[]) =>
      image(
        1,
        1,
        values.map((v) => Float32Array.of(v)),
      );
    const identity = {
      bands: [0, 1, 2].map(() => ({ gain: 1, offset: 0, scale: 50 })),
      invariantFraction: 1,
    };
    const ground = single([120, 110, 90]);
    const shadow = single([60, 55, 45]);
    const roof = single([60, 100, 170]);
    const plain = changeScore(ground, shadow, identity)[0];
    const damped = changeScore(ground, shadow, identity, { shadowWeight: 0.25 })[0];
    expect(damped).toBeCloseTo(plain * 0.25, 5);
    expect(changeScore(ground, roof, identity, { shadowWeight: 0.25 })[0]).toBeGreaterThan(plain);
  });
});
