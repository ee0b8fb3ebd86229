// Editing the project's list of footprint categories. Each edit is one command (undoable as one
// step): the list is project metadata, and renaming a category renames it on its footprints too,
// so no footprint is left with a category the list no longer offers.
import type { Project } from '../core/schema/project.ts';
import type { ProjectCommand } from './commands.ts';
import { problemsFromZod, type Validated } from '../core/schema/problems.ts';
import { projectSchema } from '../core/schema/project.ts';

const categorySchema = projectSchema.shape.categories.element;

function validName(project: Project, name: string, except?: string): Validated<string> {
  const trimmed = name.trim();
  const parsed = categorySchema.safeParse(trimmed);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  if (trimmed !== except && project.categories.includes(trimmed)) {
    return {
      ok: false,
      problems: [{ path: 'categories', message: `"${trimmed}" is already a category` }],
    };
  }
  return { ok: true, value: trimmed };
}

export function addCategoryCommand(project: Project, name: string): Validated<ProjectCommand> {
  const valid = validName(project, name);
  if (!valid.ok) return valid;
  return {
    ok: true,
    value: { type: 'setMetadata', changes: { categories: [...project.categories, valid.value] } },
  };
}

/** Renames a category in the list and on every footprint of it; `now` stamps their modifiedAt. */
export function renameCategoryCommand(
  project: Project,
  from: string,
  to: string,
  now: string,
): Validated<ProjectCommand> {
  const valid = validName(project, to, from);
  if (!valid.ok) return valid;
  return {
    ok: true,
    value: {
      type: 'batch',
      commands: [
        {
          type: 'setMetadata',
          changes: { categories: project.categories.map((c) => (c === from ? valid.value : c)) },
        },
        ...project.footprints
          .filter((footprint) => footprint.category === from)
          .map((footprint) => ({
            type: 'updateFootprint' as const,
            id: footprint.id,
            changes: { category: valid.value, modifiedAt: now },
          })),
      ],
    },
  };
}

/**
 * Takes a category off the list. Footprints of it keep it (their annotation is not lost) and it
 * stays offered for them; `footprintsOfCategory` says how many there are, for the UI to warn.
 */
export function removeCategoryCommand(project: Project, name: string): ProjectCommand {
  return {
    type: 'setMetadata',
    changes: { categories: project.categories.filter((c) => c !== name) },
  };
}

export const footprintsOfCategory = (project: Project, name: string) =>
  project.footprints.filter((footprint) => footprint.category === name).length;
