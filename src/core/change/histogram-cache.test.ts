import { describe, expect, it, vi } from 'vitest';
import { syntheticGeoImage, syntheticPair } from '../../../tests/bench/synthetic-pair.ts';
import { extractChanges, histogramOf, prepareChanges } from './detect-changes.ts';
import { scoreHistogram } from './threshold.ts';

// scoreHistogram as it is, counted: how often the pipeline makes the histogram.
vi.mock('./threshold.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./threshold.ts')>();
  return { ...original, scoreHistogram: vi.fn(original.scoreHistogram) };
});

describe('re-thresholding a prepared result', () => {
  it('makes the score histogram once, on the first automatic threshold, and reuses it', () => {
    const pair = syntheticPair(256);
    const prepared = prepareChanges(
      syntheticGeoImage(pair, pair.before),
      syntheticGeoImage(pair, pair.after),
    );
    const made = vi.mocked(scoreHistogram);
    made.mockClear();
    const first = extractChanges(prepared);
    expect(made).toHaveBeenCalledTimes(1);
    const again = extractChanges(prepared, { minAreaSquareMetres: 5 });
    const otsu = extractChanges(prepared, { threshold: 'otsu' });
    extractChanges(prepared, { threshold: 2 });
    expect(made).toHaveBeenCalledTimes(1);
    expect(again.threshold).toEqual(first.threshold);
    expect(otsu.threshold.method).toBe('otsu');
    expect(histogramOf(prepared)).toBe(made.mock.results[0].value);
  });
});
