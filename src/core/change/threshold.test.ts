import { describe, expect, it } from 'vitest';
import {
  chooseThreshold,
  kittlerIllingworthThreshold,
  otsuThreshold,
  scoreHistogram,
} from './threshold.ts';

// Seeded normal deviates (Box–Muller over a linear congruential generator) so runs repeat.
function normals(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('automatic thresholds', () => {
  it('split a bimodal score between its modes (Otsu and Kittler–Illingworth)', () => {
    const next = normals(7);
    const score = new Float32Array(100_000);
    for (let i = 0; i < score.length; i++)
      score[i] = i < 90_000 ? Math.abs(0.3 + 0.1 * next()) : 2 + 0.3 * next();
    const h = scoreHistogram(score);
    for (const t of [otsuThreshold(h), kittlerIllingworthThreshold(h)]) {
      expect(t).toBeGreaterThan(0.7);
      expect(t).toBeLessThan(1.6);
    }
    const result = chooseThreshold(score, 'ki');
    expect(result.changedFraction).toBeCloseTo(0.1, 2);
  });

  it('finds (almost) no change in a unimodal score', () => {
    const next = normals(11);
    const score = new Float32Array(100_000);
    for (let i = 0; i < score.length; i++) score[i] = Math.hypot(next(), next(), next()) * 0.2;
    const otsu = chooseThreshold(score, 'otsu', { noiseFloorMads: 4 });
    expect(otsu.flooredToNoise).toBe(true);
    expect(otsu.changedFraction).toBeLessThan(0.005);
    // Kittler–Illingworth needs no floor: its minimum-error cut already lies in the tail.
    expect(chooseThreshold(score, 'ki').changedFraction).toBeLessThan(0.02);
  });

  it('ignores NaN (nodata) and honours a user value', () => {
    const score = Float32Array.from([NaN, 0.1, 0.5, 2, NaN]);
    const result = chooseThreshold(score, 0.4);
    expect(result.method).toBe('user');
    expect(result.changedFraction).toBeCloseTo(2 / 3, 6);
  });
});
