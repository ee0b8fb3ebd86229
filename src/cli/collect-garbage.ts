// A full garbage collection on demand, for the one place where the CLI knows a large amount of
// memory has just become garbage (the decoded before image, once the score pass is done). V8
// collects on its own schedule; without this that memory (48 MB on the bench's 4096² pair) was
// still resident while the structure stage allocated its own, and the peak was 25–40 MB higher
// (docs/benchmarks.md). The backing stores are freed by V8 on a background thread just after.
// Node exposes `gc` only behind --expose-gc, which a shebang cannot pass portably; the flag can be
// set at run time and `gc` taken from a fresh context.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Collects garbage now; does nothing where the runtime refuses. */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
