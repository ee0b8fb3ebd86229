import { useCallback, useEffect, useRef, useState } from 'react';
import { emptyProject, type Project } from '../core/schema/project.ts';
import {
  ProjectRepository,
  restoreProject,
  startAutosave,
  type Autosave,
  type ProjectSummary,
} from '../state/persistence.ts';
import { projectStore } from './project-store.ts';

const untitled = () =>
  emptyProject(crypto.randomUUID(), 'Untitled project', new Date().toISOString());

/**
 * One restore per page: React's StrictMode (in development) runs the effect below twice, and two
 * restores racing over an empty database would each create an "Untitled project".
 */
let restoring: Promise<{ repository: ProjectRepository; project: Project }> | null = null;
const restoreOnce = () =>
  (restoring ??= (async () => {
    const repository = await ProjectRepository.open();
    return { repository, project: await restoreProject(repository, untitled) };
  })());

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Restores the last project from IndexedDB, saves every change within a second, and manages the
 * stored projects: list, new, open, rename, delete. If storage is unavailable the app keeps working
 * and says that nothing will be kept.
 */
export function usePersistence() {
  const [status, setStatus] = useState<'restoring' | 'saved' | 'unavailable'>('restoring');
  const [error, setError] = useState<string | null>(null);
  const [projects, setProjects] = useState<readonly ProjectSummary[]>([]);
  const repository = useRef<ProjectRepository | null>(null);
  const autosave = useRef<Autosave | null>(null);

  const refresh = useCallback(async () => {
    if (repository.current) setProjects(await repository.current.list());
  }, []);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    (async () => {
      try {
        const { repository: opened, project } = await restoreOnce();
        if (cancelled) return;
        projectStore.load(project);
        repository.current = opened;
        const saver = startAutosave(projectStore, opened, {
          delayMilliseconds: 300,
          onError: (e) => setError(message(e)),
        });
        autosave.current = saver;
        const flush = () => void saver.flush();
        window.addEventListener('pagehide', flush);
        // The list shows names, dates and counts: follow the saves, a little after them.
        let listTimer: ReturnType<typeof setTimeout> | null = null;
        const unsubscribe = projectStore.subscribe(() => {
          listTimer ??= setTimeout(() => {
            listTimer = null;
            void refresh();
          }, 800);
        });
        stop = () => {
          window.removeEventListener('pagehide', flush);
          unsubscribe();
          if (listTimer !== null) clearTimeout(listTimer);
          void saver.flush();
          saver.stop();
        };
        await refresh();
        setStatus('saved');
      } catch (e) {
        if (!cancelled) {
          setStatus('unavailable');
          setError(message(e));
        }
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [refresh]);

  /** Saves the open project, then shows `next` (loading is not an undoable edit). */
  const show = useCallback(
    async (next: ReturnType<typeof untitled>) => {
      await autosave.current?.flush();
      projectStore.load(next);
      await autosave.current?.flush();
      await repository.current?.setLastOpenedId(next.id);
      await refresh();
    },
    [refresh],
  );

  const newProject = useCallback(() => show(untitled()), [show]);

  const openProject = useCallback(
    async (id: string) => {
      const stored = await repository.current?.load(id);
      if (stored) await show(stored);
    },
    [show],
  );

  const renameProject = useCallback(
    async (id: string, name: string) => {
      if (id === projectStore.getSnapshot().project.id) {
        projectStore.dispatch({ type: 'setMetadata', changes: { name } });
        await autosave.current?.flush();
      } else await repository.current?.rename(id, name);
      await refresh();
    },
    [refresh],
  );

  /** Deletes a stored project; deleting the open one opens the most recent other, or a new one. */
  const deleteProject = useCallback(
    async (id: string) => {
      const stored = repository.current;
      if (!stored) return;
      if (id !== projectStore.getSnapshot().project.id) {
        await stored.delete(id);
        await refresh();
        return;
      }
      const [other] = (await stored.list()).filter((summary) => summary.id !== id);
      const next = (other && (await stored.load(other.id))) ?? untitled();
      // Show the next project first so that the autosave never writes the deleted one back.
      await show(next);
      await stored.delete(id);
      await refresh();
    },
    [refresh, show],
  );

  /** Saves the open project now (after a project file was opened, say) and lists it. */
  const saveNow = useCallback(async () => {
    await autosave.current?.flush();
    await repository.current?.setLastOpenedId(projectStore.getSnapshot().project.id);
    await refresh();
  }, [refresh]);

  return {
    status,
    error,
    projects,
    newProject,
    openProject,
    renameProject,
    deleteProject,
    saveNow,
  };
}

export type Persistence = ReturnType<typeof usePersistence>;
