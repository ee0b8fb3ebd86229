// Accuracy on the real change corpus (../shared/corpus/change) through the CLI's own code path,
// with the one default parameter set: the figures docs/benchmarks.md publishes may not regress.
// Published unsupervised baselines on LEVIR-CD: CVA ≈ 0.12 F1, DCVA ≈ 0.14, best training-free
// ≈ 0.32; colour change alone (the pipeline without the structure gain) scored 0.126 here.
import { describe, expect, it } from 'vitest';
import { evaluate, type PairScore } from '../eval/run.ts';

const mean = (scores: PairScore[], set: string) => {
  const rows = scores.filter((s) => s.set === set);
  return rows.reduce((sum, s) => sum + s.f1, 0) / rows.length;
};

describe('change detection accuracy on real pairs', () => {
  let scores: PairScore[] = [];
  it('finds LEVIR-CD building changes far above change-vector analysis', async () => {
    scores = await evaluate();
    expect(mean(scores, 'levir-cd-crops')).toBeGreaterThanOrEqual(0.3);
  }, 180_000);

  it('keeps SZTAKI AirChange at least where colour change alone had it', () => {
    expect(mean(scores, 'sztaki-airchange')).toBeGreaterThanOrEqual(0.42);
  });

  it('turns the colour-only pipeline back on with --structure off', async () => {
    const colourOnly = await evaluate(['--structure', 'off']);
    expect(mean(colourOnly, 'levir-cd-crops')).toBeLessThan(mean(scores, 'levir-cd-crops') - 0.1);
  }, 180_000);
});
