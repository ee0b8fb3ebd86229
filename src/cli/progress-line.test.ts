import { describe, expect, it } from 'vitest';
import { progressLine } from './progress-line.ts';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe('progressLine', () => {
  it('rewrites one line on a terminal, only when what it says changes, and clears it', () => {
    const { stream, written } = terminal(true);
    const line = progressLine(stream, 'sitediff detect: ');
    line.step('reading imagery', 0);
    line.step('reading imagery', 0.001);
    line.step('reading imagery', 0.5);
    line.step('score', 0.5);
    line.say('Writing the outputs…');
    line.clear();
    expect(written).toEqual([
      '\r\x1b[Ksitediff detect: Reading the images… 0%',
      '\r\x1b[Ksitediff detect: Reading the images… 20%',
      '\r\x1b[Ksitediff detect: Scoring the change per pixel… 67%',
      '\r\x1b[Ksitediff detect: Writing the outputs…',
      '\r\x1b[K',
    ]);
  });

  it('writes nothing where stderr is not a terminal (a pipe, a log, a script)', () => {
    const { stream, written } = terminal(false);
    const line = progressLine(stream, 'sitediff detect: ');
    line.step('score', 0.5);
    line.say('Writing the outputs…');
    line.clear();
    expect(written).toEqual([]);
  });
});
