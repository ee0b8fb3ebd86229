// `npm run eval`: runs `sitediff detect` (in process, the CLI's own code path) over every pair of
// ../shared/corpus/change with one default parameter set and scores its change-mask.tif against
// truth.tif: pixel precision, recall and F1 of the changed class, per pair and mean per set.
// Prints a Markdown table (for docs/benchmarks.md) and, with --json, the raw numbers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDetectArguments, runDetect } from '../../src/cli/detect.ts';
import { corpusPairs, readBands } from './corpus.ts';

export interface PairScore {
  readonly set: string;
  readonly name: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truthFraction: number;
  readonly predictedFraction: number;
  readonly shiftPixels: { x: number; y: number };
  readonly seconds: number;
}

export function scoreMask(predicted: Uint8Array, truth: Uint8Array) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let truthCount = 0;
  let predictedCount = 0;
  let valid = 0;
  for (let i = 0; i < truth.length; i++) {
    if (predicted[i] === 255) continue;
    valid++;
    const t = truth[i] > 0;
    const p = predicted[i] === 1;
    if (t) truthCount++;
    if (p) predictedCount++;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    truthFraction: truthCount / valid,
    predictedFraction: predictedCount / valid,
  };
}

export async function evaluate(extraArgs: string[] = []): Promise<PairScore[]> {
  const scores: PairScore[] = [];
  for (const pair of corpusPairs()) {
    const out = mkdtempSync(join(tmpdir(), 'sitediff-eval-'));
    try {
      const started = performance.now();
      const summary = (await runDetect(
        parseDetectArguments([
          join(pair.directory, 'before.tif'),
          join(pair.directory, 'after.tif'),
          '--out',
          out,
          ...extraArgs,
        ]),
      )) as { shift: { pixels: { x: number; y: number } } };
      const seconds = (performance.now() - started) / 1000;
      const predicted = await readBands(join(out, 'change-mask.tif'));
      const truth = await readBands(join(pair.directory, 'truth.tif'));
      scores.push({
        set: pair.set,
        name: pair.name,
        ...scoreMask(predicted.bands[0], truth.bands[0]),
        shiftPixels: summary.shift.pixels,
        seconds,
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return scores;
}

const percent = (v: number) => (100 * v).toFixed(1);

export function markdownTable(scores: readonly PairScore[]): string {
  const lines = [
    '| set | pair | precision | recall | F1 | changed in truth | changed found | shift (px) |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  const sets = [...new Set(scores.map((s) => s.set))];
  for (const set of sets) {
    const rows = scores.filter((s) => s.set === set);
    for (const s of rows) {
      lines.push(
        `| ${set} | ${s.name} | ${percent(s.precision)} % | ${percent(s.recall)} % | ${s.f1.toFixed(3)} | ${percent(s.truthFraction)} % | ${percent(s.predictedFraction)} % | ${s.shiftPixels.x.toFixed(2)}, ${s.shiftPixels.y.toFixed(2)} |`,
      );
    }
    const mean = (f: (s: PairScore) => number) => rows.reduce((a, s) => a + f(s), 0) / rows.length;
    lines.push(
      `| **${set}** | **mean of ${rows.length}** | **${percent(mean((s) => s.precision))} %** | **${percent(mean((s) => s.recall))} %** | **${mean((s) => s.f1).toFixed(3)}** | | | |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = process.argv.includes('--json');
  const extra = process.argv.slice(2).filter((a) => a !== '--json');
  const scores = await evaluate(extra);
  process.stdout.write((json ? JSON.stringify(scores, null, 2) : markdownTable(scores)) + '\n');
}
