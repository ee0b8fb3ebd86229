// The app's one project store, and a hook that reads its snapshot.
import { useSyncExternalStore } from 'react';
import { emptyProject } from '../core/schema/project.ts';
import { createProjectStore, type ProjectSnapshot, type ProjectStore } from '../state/store.ts';

export const projectStore: ProjectStore = createProjectStore(
  emptyProject(crypto.randomUUID(), 'Untitled project', new Date().toISOString()),
);

export function useProject(): ProjectSnapshot {
  return useSyncExternalStore(projectStore.subscribe, projectStore.getSnapshot);
}
