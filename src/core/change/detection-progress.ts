// What a run of change detection says while it goes on (the app's panel, the CLI on a terminal):
// the step running now, in words, and the share of the whole run done. Progress messages name a
// step and how far it is (0 started, 1 done); reading the images comes first, then the pipeline's
// stages. The shares are each step's typical part of a run's time, rounded from the demo site in
// the app and the benchmark pair (docs/benchmarks.md): an estimate, not a clock.
import type { Stage } from './detect-changes.ts';

type Step = Stage | 'starting' | 'reading imagery';

const steps: readonly { readonly step: Step; readonly label: string; readonly share: number }[] = [
  { step: 'starting', label: 'Starting', share: 0 },
  { step: 'reading imagery', label: 'Reading the images', share: 40 },
  { step: 'grid', label: 'Placing both on one grid', share: 1 },
  { step: 'coregistration', label: 'Aligning after to before', share: 14 },
  { step: 'normalisation', label: 'Matching brightness and colour', share: 6 },
  { step: 'score', label: 'Scoring the change per pixel', share: 13 },
  { step: 'structure', label: 'Looking for new structures', share: 7 },
  { step: 'threshold', label: 'Choosing the threshold', share: 4 },
  { step: 'morphology', label: 'Cleaning up the mask', share: 1 },
  { step: 'components', label: 'Finding the regions', share: 2 },
  { step: 'vectorise', label: 'Outlining the regions', share: 12 },
];

const total = steps.reduce((sum, s) => sum + s.share, 0);

export interface DetectionProgress {
  /** The step running now, in words. */
  readonly label: string;
  /** Share of the whole run done, 0–1. */
  readonly fraction: number;
}

/** What the latest progress message (`step` at `fraction` of it) says of the whole run. */
export function detectionProgress(step: string, fraction: number): DetectionProgress {
  const index = steps.findIndex((s) => s.step === step);
  if (index < 0) return { label: step, fraction: 0 };
  const done = (k: number) => steps.slice(0, k).reduce((sum, s) => sum + s.share, 0);
  // A step reported done means the next one has started.
  if (fraction >= 1)
    return index + 1 < steps.length
      ? { label: steps[index + 1].label, fraction: done(index + 1) / total }
      : { label: steps[index].label, fraction: 1 };
  const within = Math.max(0, fraction) * steps[index].share;
  return { label: steps[index].label, fraction: (done(index) + within) / total };
}
