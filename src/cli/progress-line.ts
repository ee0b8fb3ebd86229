// The progress of a long command on a terminal: one line on stderr, rewritten in place ("sitediff
// detect: Scoring the change per pixel… 63%"), cleared when the command ends. Nothing at all when
// stderr is not a terminal, so pipes, logs and scripts see only what they always saw.
import { detectionProgress } from '../core/change/detection-progress.ts';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** A step of change detection at `fraction` of it (see detection-progress.ts). */
  step(step: string, fraction: number): void;
  /** A step of the command's own, without a share. */
  say(text: string): void;
  /** Removes the line. */
  clear(): void;
}

const eraseLine = '\r\x1b[K';

export function progressLine(stream: ProgressStream, prefix: string): ProgressLine {
  if (!stream.isTTY) return { step() {}, say() {}, clear() {} };
  let shown = '';
  const show = (text: string) => {
    // Only when what it says changes: a percent, not every row.
    if (text === shown) return;
    shown = text;
    stream.write(`${eraseLine}${prefix}${text}`);
  };
  return {
    step(step, fraction) {
      const { label, fraction: done } = detectionProgress(step, fraction);
      show(`${label}… ${Math.floor(done * 100)}%`);
    },
    say: show,
    clear() {
      if (shown) stream.write(eraseLine);
      shown = '';
    },
  };
}
