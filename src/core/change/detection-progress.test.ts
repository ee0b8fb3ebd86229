import { describe, expect, it } from 'vitest';
import { syntheticGeoImage, syntheticPair, utm52 } from '../../../tests/bench/synthetic-pair.ts';
import { extractChanges, prepareChanges, type GeoImage } from './detect-changes.ts';
import { detectionProgress } from './detection-progress.ts';

describe('detectionProgress', () => {
  it('names the step that runs: a step reported done means the next has started', () => {
    expect(detectionProgress('starting', 0)).toEqual({ label: 'Starting', fraction: 0 });
    expect(detectionProgress('reading imagery', 0).label).toBe('Reading the images');
    expect(detectionProgress('coregistration', 1).label).toBe('Matching brightness and colour');
    expect(detectionProgress('vectorise', 1)).toEqual({
      label: 'Outlining the regions',
      fraction: 1,
    });
    // A step it does not know is shown as named, never as a wrong share.
    expect(detectionProgress('something new', 0.5)).toEqual({
      label: 'something new',
      fraction: 0,
    });
  });

  it('moves forward only, from the first message the pipeline sends to its last', () => {
    const pair = syntheticPair(384);
    const image = (bands: Uint8Array[]) => syntheticGeoImage(pair, bands);
    // What the app's panel receives, in order: the imagery worker's, then the change worker's.
    const messages: [string, number][] = [
      ['starting', 0],
      ['reading imagery', 0],
      ['reading imagery', 0.5],
    ];
    const onProgress = (stage: string, fraction: number) => messages.push([stage, fraction]);
    const prepared = prepareChanges(image(pair.before), image(pair.after), {}, { onProgress });
    extractChanges(prepared, {}, { onProgress });
    const shown = messages.map(([stage, fraction]) => detectionProgress(stage, fraction));
    for (let k = 1; k < shown.length; k++)
      expect(shown[k].fraction, `${messages[k].join(' ')}`).toBeGreaterThanOrEqual(
        shown[k - 1].fraction,
      );
    expect(shown.at(-1)).toEqual({ label: 'Outlining the regions', fraction: 1 });
    // Every stage starts and ends, each named in words.
    for (const stage of ['grid', 'coregistration', 'score', 'structure', 'vectorise'])
      expect(messages.filter(([s]) => s === stage).map(([, f]) => f)).toEqual(
        expect.arrayContaining([0, 1]),
      );
    expect(shown.every((s) => /^[A-Z][a-z]/.test(s.label))).toBe(true);
  });

  it('reports the score pass row by row on a large pair', () => {
    const width = 600;
    const height = 700;
    const bands = () =>
      [0, 1, 2].map((k) =>
        Uint8Array.from({ length: width * height }, (_, i) => 40 + ((i * (k + 3)) % 151)),
      );
    const image = (x0: number): GeoImage => ({
      width,
      height,
      bands: bands(),
      noData: null,
      colorInterpretations: ['Red', 'Green', 'Blue'],
      geoTransform: [x0, 0.5, 0, 4418000, 0, -0.5],
      crs: utm52,
    });
    const fractions: number[] = [];
    prepareChanges(
      image(371000),
      image(371000.3),
      { structureLengthMetres: 0, align: false },
      { onProgress: (stage, fraction) => stage === 'score' && fractions.push(fraction) },
    );
    expect(fractions).toEqual([0, 256 / height, 512 / height, 1]);
  });
});
