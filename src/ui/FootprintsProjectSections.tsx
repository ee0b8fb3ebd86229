import { useState } from 'react';
import type { Project } from '../core/schema/project.ts';
import {
  addCategoryCommand,
  footprintsOfCategory,
  removeCategoryCommand,
  renameCategoryCommand,
} from '../state/categories.ts';
import type { Validated } from '../core/schema/problems.ts';
import type { ProjectCommand } from '../state/commands.ts';
import { CommitField } from './CommitField.tsx';
import { projectStore } from './project-store.ts';

/** Dispatches a built command, or returns the first problem to show. */
function dispatchOrProblem(command: Validated<ProjectCommand>): string | null {
  if (!command.ok) return command.problems[0]?.message ?? 'not a valid category';
  projectStore.dispatch(command.value);
  return null;
}

/** The project's category list: rename (on its footprints too), remove, add; each one undo step. */
export function CategoriesEditor({ project }: { readonly project: Project }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const add = () => {
    const refused = dispatchOrProblem(addCategoryCommand(project, draft));
    setProblem(refused);
    if (!refused) setDraft('');
  };
  return (
    <details className="footprints__categories" data-testid="categories-editor">
      <summary>Categories ({project.categories.length})</summary>
      <ul>
        {project.categories.map((category) => {
          const used = footprintsOfCategory(project, category);
          return (
            <li key={category} data-testid="category-entry">
              <CommitField
                label={`Name of category ${category}`}
                value={category}
                onCommit={(name) =>
                  setProblem(
                    dispatchOrProblem(
                      renameCategoryCommand(project, category, name, new Date().toISOString()),
                    ),
                  )
                }
              />
              <button
                type="button"
                aria-label={`Remove category ${category}`}
                title={used ? `${used} footprint(s) keep this category` : undefined}
                onClick={() => projectStore.dispatch(removeCategoryCommand(project, category))}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <div className="footprints__category-add">
        <input
          aria-label="New category"
          placeholder="New category"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
        />
        <button type="button" onClick={add} disabled={!draft.trim()}>
          Add
        </button>
      </div>
      {problem && (
        <p className="footprints__import-error" role="alert">
          {problem}
        </p>
      )}
    </details>
  );
}

/** Free-text notes on the project, saved with it; one undo step per edit (on leaving the field). */
export function ProjectNotes({ project }: { readonly project: Project }) {
  return (
    // The footprint editor's field layout, so both notes look alike.
    <div className="footprints__editor footprints__project-notes">
      <label>
        Project notes
        <CommitField
          key={project.id}
          multiline
          label="Project notes"
          value={project.notes}
          onCommit={(notes) => projectStore.dispatch({ type: 'setMetadata', changes: { notes } })}
        />
      </label>
    </div>
  );
}
