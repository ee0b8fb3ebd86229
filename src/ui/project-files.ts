// Saving the open project as a .sitediff.json file and opening one. Opening validates the whole
// file first (and migrates older versions): on any problem the open project is left as it was.
import { serialiseProject } from '../core/schema/migrate.ts';
import { describeProblems } from '../core/schema/problems.ts';
import { openProjectFile, type OpenProjectOptions } from '../state/footprint-actions.ts';
import { download } from './footprint-actions.ts';
import { projectStore } from './project-store.ts';

export const projectFileSuffix = '.sitediff.json';

export function saveProjectFile() {
  const { project } = projectStore.getSnapshot();
  const base = (project.name || 'project').replace(/[^\w.-]+/g, '-');
  download(`${base}${projectFileSuffix}`, 'application/json', serialiseProject(project));
}

export type ProjectFileOutcome =
  | { readonly ok: true; readonly name: string; readonly openedAsCopy: boolean }
  | { readonly ok: false; readonly problems: readonly string[] };

export async function openProjectFromFile(
  file: File,
  options: OpenProjectOptions = {},
): Promise<ProjectFileOutcome> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { ok: false, problems: [`${file.name}: ${String(error)}`] };
  }
  const read = openProjectFile(projectStore, text, options);
  return read.ok
    ? {
        ok: true,
        name: read.value.project.name,
        openedAsCopy: read.value.copiedFromId !== null,
      }
    : { ok: false, problems: describeProblems(read.problems).split('\n') };
}
