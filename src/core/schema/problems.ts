// Validation problems as users read them: where in the file, and what is wrong. Every reader of an
// untrusted file reports the first few and rejects the whole file.
import type { z } from 'zod';

export interface Problem {
  /** Where in the file, e.g. "footprints[2].geometry.coordinates[0]"; "" for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** How many problems a message lists before "and N more". */
export const problemsShown = 5;

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function describeProblems(problems: readonly Problem[]): string {
  const lines = problems
    .slice(0, problemsShown)
    .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
  if (problems.length > problemsShown) lines.push(`…and ${problems.length - problemsShown} more.`);
  return lines.join('\n');
}

/** A file that was rejected whole; `problems` lists what is wrong, first problems first. */
export class ValidationError extends Error {
  readonly problems: readonly Problem[];
  constructor(what: string, problems: readonly Problem[]) {
    super(`${what} is not valid:\n${describeProblems(problems)}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Parses JSON text, or says why it is not JSON. */
export function parseJson<T>(text: string, then: (input: unknown) => Validated<T>): Validated<T> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '', message: `not JSON: ${(error as Error).message}` }],
    };
  }
  return then(input);
}
