import { useEffect, useState } from 'react';
import { emptyProject } from '../core/schema/project.ts';
import { ProjectRepository, restoreProject, startAutosave } from '../state/persistence.ts';
import { projectStore } from './project-store.ts';

/**
 * Restores the last project from IndexedDB and saves every change within a second. If storage is
 * unavailable the app keeps working and says that nothing will be kept.
 */
export function usePersistence() {
  const [status, setStatus] = useState<'restoring' | 'saved' | 'unavailable'>('restoring');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    (async () => {
      try {
        const repository = await ProjectRepository.open();
        const project = await restoreProject(repository, () =>
          emptyProject(crypto.randomUUID(), 'Untitled project', new Date().toISOString()),
        );
        if (cancelled) return;
        projectStore.load(project);
        const autosave = startAutosave(projectStore, repository, {
          delayMilliseconds: 300,
          onError: (e) => setError(e instanceof Error ? e.message : String(e)),
        });
        const flush = () => void autosave.flush();
        window.addEventListener('pagehide', flush);
        stop = () => {
          window.removeEventListener('pagehide', flush);
          void autosave.flush();
          autosave.stop();
        };
        setStatus('saved');
      } catch (e) {
        if (!cancelled) {
          setStatus('unavailable');
          setError(e instanceof Error ? e.message : String(e));
        }
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);
  return { status, error };
}
