import { describe, expect, it, vi } from 'vitest';
import { ChangeScorer } from './change-score.ts';
import type { ExpectedChange } from './expected-change.ts';
import type { RadiometricNormalisation } from './radiometric-normalisation.ts';

// The three-band kernel runs in WebAssembly where it can; it must give the JavaScript loop's
// scores to the bit, with and without validity masks, on 8- and 16-bit before samples.
describe('ChangeScorer', () => {
  const count = 1000;
  let state = 7;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const normalisation: RadiometricNormalisation = {
    bands: [
      { gain: 1.07, offset: -3.5, scale: 11.2 },
      { gain: 0.93, offset: 2.25, scale: 9.7 },
      { gain: 1.21, offset: 0.5, scale: 13.1 },
    ],
    invariantFraction: 0.5,
  };
  const levels = 4;
  const expected: ExpectedChange = {
    levelsPerBand: levels,
    lower: Float64Array.from([2, 3, 1]),
    cellWidth: Float64Array.from([4, 5, 6]),
    medianChange: Float32Array.from({ length: levels ** 3 * 3 }, () => random() - 0.5),
  };
  const runs = (type: Uint8ArrayConstructor | Uint16ArrayConstructor, top: number) => {
    const before = [0, 1, 2].map(() => {
      const band = new type(count + 5);
      for (let i = 0; i < band.length; i++) band[i] = random() * top;
      return band;
    });
    const after = [0, 1, 2].map(() =>
      Float32Array.from({ length: count + 3 }, () => random() * top),
    );
    const beforeValid = Uint8Array.from({ length: count + 5 }, () => (random() < 0.1 ? 0 : 1));
    const afterValid = Uint8Array.from({ length: count + 3 }, () => (random() < 0.1 ? 0 : 1));
    return { before, after, beforeValid, afterValid };
  };
  const scoreAll = (Scorer: typeof ChangeScorer, data: ReturnType<typeof runs>, masks: boolean) => {
    const scorer = new Scorer(normalisation, { expected });
    const out = new Float32Array(count + 2);
    scorer.score(
      { bands: data.before, valid: masks ? data.beforeValid : null, offset: 5 },
      { bands: data.after, valid: masks ? data.afterValid : null, offset: 3 },
      out,
      2,
      count,
    );
    return Array.from(out);
  };

  it('scores the same in WebAssembly as in JavaScript', async () => {
    const cases = [runs(Uint8Array, 255), runs(Uint16Array, 4095)];
    const withWasm = cases.flatMap((data) => [
      scoreAll(ChangeScorer, data, true),
      scoreAll(ChangeScorer, data, false),
    ]);
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('./change-score.ts');
      const withoutWasm = cases.flatMap((data) => [
        scoreAll(fresh.ChangeScorer, data, true),
        scoreAll(fresh.ChangeScorer, data, false),
      ]);
      expect(withWasm).toEqual(withoutWasm);
    } finally {
      vi.unstubAllGlobals();
    }
    // Some pixels are masked and the rest scored.
    expect(withWasm[0].filter(Number.isNaN).length).toBeGreaterThan(100);
    expect(withWasm[1].filter(Number.isNaN)).toHaveLength(0);
  });
});
