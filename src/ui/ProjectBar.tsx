import { useRef, useState } from 'react';
import type { Project } from '../core/schema/project.ts';
import { CommitField } from './CommitField.tsx';
import { openProjectFromFile, projectFileSuffix, saveProjectFile } from './project-files.ts';
import type { Persistence } from './use-persistence.ts';
import './project-bar.css';

interface Props {
  readonly project: Project;
  readonly persistence: Persistence;
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * The open project's name, and the projects kept in this browser: new, open, rename, delete (asked
 * twice). Save and open a .sitediff.json file; a file with problems is refused with them listed.
 */
export function ProjectBar({ project, persistence }: Props) {
  const [listOpen, setListOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [fileProblems, setFileProblems] = useState<readonly string[] | null>(null);
  const [openedCopy, setOpenedCopy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  return (
    <div className="project-bar" data-testid="project-bar">
      <label className="project-bar__name">
        <span>Project</span>
        <CommitField
          key={project.id}
          label="Project name"
          value={project.name}
          onCommit={(name) => void persistence.renameProject(project.id, name.trim() || 'Untitled')}
        />
      </label>
      <button type="button" onClick={() => void persistence.newProject()}>
        New project
      </button>
      <button type="button" aria-expanded={listOpen} onClick={() => setListOpen(!listOpen)}>
        Projects ({persistence.projects.length})
      </button>
      <button type="button" onClick={saveProjectFile}>
        Save file
      </button>
      <button
        type="button"
        onClick={() => {
          setListOpen(false);
          fileInput.current?.click();
        }}
      >
        Open file…
      </button>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept={`${projectFileSuffix},.json`}
        data-testid="open-project-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          // The open project is saved before another takes its place, and a file of a project
          // kept here opens as a copy rather than overwriting it.
          await persistence.saveNow();
          const storedIds = new Set([project.id, ...persistence.projects.map((p) => p.id)]);
          const opened = await openProjectFromFile(file, {
            storedIds,
            newId: () => crypto.randomUUID(),
          });
          setFileProblems(opened.ok ? null : opened.problems);
          setOpenedCopy(opened.ok && opened.openedAsCopy ? opened.name : null);
          if (opened.ok) await persistence.saveNow();
        }}
      />
      {fileProblems && (
        <div className="project-bar__problems" role="alert" data-testid="project-file-error">
          <p>The project file was not opened; the open project is unchanged. Its problems:</p>
          <ul>
            {fileProblems.map((problem, i) => (
              <li key={i}>{problem}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setFileProblems(null)}>
            Dismiss
          </button>
        </div>
      )}
      {openedCopy !== null && (
        <p className="project-bar__notice" role="status" data-testid="project-file-copy">
          “{openedCopy}” is already kept in this browser, so the file was opened as a new copy; the
          kept one is unchanged.{' '}
          <button type="button" onClick={() => setOpenedCopy(null)}>
            OK
          </button>
        </p>
      )}
      {listOpen && (
        <ul className="project-bar__list" aria-label="Saved projects" data-testid="project-list">
          {persistence.projects.length === 0 && <li>No saved projects.</li>}
          {persistence.projects.map((summary) => (
            <li
              key={summary.id}
              data-testid="project-entry"
              data-project-id={summary.id}
              data-project-name={summary.name}
            >
              <CommitField
                label={`Name of ${summary.name}`}
                value={summary.name}
                onCommit={(name) =>
                  void persistence.renameProject(summary.id, name.trim() || 'Untitled')
                }
              />
              <span className="project-bar__meta">
                {summary.footprintCount} footprint{summary.footprintCount === 1 ? '' : 's'} ·{' '}
                {when(summary.modifiedAt)}
              </span>
              {summary.id === project.id ? (
                <span className="project-bar__open">open</span>
              ) : (
                <button
                  type="button"
                  onClick={() => {
                    setListOpen(false);
                    void persistence.openProject(summary.id);
                  }}
                >
                  Open
                </button>
              )}
              {confirmDelete === summary.id ? (
                <span role="group" aria-label="Confirm deletion" className="project-bar__confirm">
                  Delete “{summary.name}” for good?{' '}
                  <button
                    type="button"
                    onClick={() => {
                      setConfirmDelete(null);
                      void persistence.deleteProject(summary.id);
                    }}
                  >
                    Yes, delete
                  </button>
                  <button type="button" onClick={() => setConfirmDelete(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirmDelete(summary.id)}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
