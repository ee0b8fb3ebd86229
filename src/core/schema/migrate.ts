// Opening a project document of any version sitediff has written: step it up one version at a
// time to the current one, then validate it. Fields a migration does not know are kept (as in
// excalidraw's data/restore.ts), so a file survives being opened and saved by an older reader.
import {
  ValidationError,
  parseJson,
  problemsFromZod,
  type Problem,
  type Validated,
} from './problems.ts';
import { currentProjectVersion, projectFormat, projectSchema, type Project } from './project.ts';

type ProjectDocument = Record<string, unknown>;

/**
 * migrations[n] turns a version-n document into a version-(n + 1) one. Version 1 is the first
 * format written; keep a fixture of every version in fixtures/projects/.
 */
const migrations: Record<number, (document: ProjectDocument) => ProjectDocument> = {};

const isRecord = (value: unknown): value is ProjectDocument =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function upgrade(input: unknown): { document: ProjectDocument } | { problems: Problem[] } {
  if (!isRecord(input)) return { problems: [{ path: '', message: 'a project is a JSON object' }] };
  if (input.format !== projectFormat) {
    return {
      problems: [
        { path: 'format', message: `not a sitediff project (expected format "${projectFormat}")` },
      ],
    };
  }
  const version = input.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { problems: [{ path: 'version', message: 'the version must be a whole number ≥ 1' }] };
  }
  if (version > currentProjectVersion) {
    return {
      problems: [
        {
          path: 'version',
          message: `written by a newer sitediff (project version ${version}; this one reads up to ${currentProjectVersion})`,
        },
      ],
    };
  }
  return stepUp(input, version, currentProjectVersion, migrations);
}

/**
 * Steps a version-`from` document up to version `to`. A missing step is a gap in sitediff's own
 * migrations, not in the file: it is reported as such rather than failing as "not a function".
 */
export function stepUp(
  input: ProjectDocument,
  from: number,
  to: number,
  steps: Readonly<Record<number, (document: ProjectDocument) => ProjectDocument>>,
): { document: ProjectDocument } | { problems: Problem[] } {
  // Migrations return new objects and never mutate their input.
  let document: ProjectDocument = input;
  for (let version = from; version < to; version++) {
    const migrate = steps[version];
    if (!migrate) {
      return {
        problems: [
          {
            path: 'version',
            message: `this sitediff cannot upgrade project version ${version} to ${version + 1}: its migration is missing`,
          },
        ],
      };
    }
    document = { ...migrate(document), version: version + 1 };
  }
  return { document };
}

/** Validates a parsed project document of any known version, migrated to the current one. */
export function validateProject(input: unknown): Validated<Project> {
  const upgraded = upgrade(input);
  if ('problems' in upgraded) return { ok: false, problems: upgraded.problems };
  const result = projectSchema.safeParse(upgraded.document);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: problemsFromZod(result.error) };
}

/** The current-version project in `input`, or a ValidationError listing the first problems. */
export function migrateProject(input: unknown): Project {
  const result = validateProject(input);
  if (!result.ok) throw new ValidationError('The project', result.problems);
  return result.value;
}

/** Reads the text of a .sitediff.json file. */
export function parseProjectFile(text: string): Validated<Project> {
  return parseJson(text, (input) => validateProject(input));
}

/** The text of a .sitediff.json file: stable key order as built, two-space indentation. */
export function serialiseProject(project: Project): string {
  return JSON.stringify(project, null, 2) + '\n';
}
