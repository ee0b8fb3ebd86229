// Projects kept in IndexedDB so a reload or a crash loses nothing: several projects, listed,
// opened, renamed and deleted, and an autosave that follows the store. The IndexedDB factory is
// passed in (the browser's, or fake-indexeddb's in Node tests, each test its own); the few
// requests we make are wrapped in promises here rather than through a wrapper library.
import { migrateProject } from '../core/schema/migrate.ts';
import type { Project } from '../core/schema/project.ts';
import type { ProjectStore } from './store.ts';

export interface ProjectSummary {
  readonly id: string;
  readonly name: string;
  readonly modifiedAt: string;
  readonly footprintCount: number;
}

const databaseVersion = 2;
const projectsStore = 'projects';
const summariesStore = 'summaries';
const settingsStore = 'settings';
/**
 * Version 2 added a store for File System Access handles of local images; nothing reads them (a
 * local image is asked for again and matched by hash), but the store stays so databases already at
 * version 2 open as they are.
 */
const imageHandlesStore = 'imageHandles';
const lastOpenedKey = 'lastOpenedProjectId';

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function completion(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('The save was aborted.'));
  });
}

const summaryOf = (project: Project): ProjectSummary => ({
  id: project.id,
  name: project.name,
  modifiedAt: project.modifiedAt,
  footprintCount: project.footprints.length,
});

export class ProjectRepository {
  private constructor(private readonly database: IDBDatabase) {}

  static async open(
    factory: IDBFactory = indexedDB,
    name = 'sitediff',
  ): Promise<ProjectRepository> {
    const request = factory.open(name, databaseVersion);
    request.onupgradeneeded = (event) => {
      const database = request.result;
      // Each version adds what it needs on top of the previous ones.
      if (event.oldVersion < 1) {
        database.createObjectStore(projectsStore, { keyPath: 'id' });
        database.createObjectStore(summariesStore, { keyPath: 'id' });
        database.createObjectStore(settingsStore);
      }
      if (event.oldVersion < 2) database.createObjectStore(imageHandlesStore);
    };
    return new ProjectRepository(await settle(request));
  }

  /** Every stored project, most recently modified first. */
  async list(): Promise<ProjectSummary[]> {
    const transaction = this.database.transaction(summariesStore, 'readonly');
    const summaries = await settle(transaction.objectStore(summariesStore).getAll());
    return (summaries as ProjectSummary[]).sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  }

  /**
   * The stored project, migrated to the current version; null if there is none. A stored document
   * that no longer validates throws a ValidationError listing its problems.
   */
  async load(id: string): Promise<Project | null> {
    const transaction = this.database.transaction(projectsStore, 'readonly');
    const stored: unknown = await settle(transaction.objectStore(projectsStore).get(id));
    return stored === undefined ? null : migrateProject(stored);
  }

  async save(project: Project): Promise<void> {
    const transaction = this.database.transaction([projectsStore, summariesStore], 'readwrite');
    transaction.objectStore(projectsStore).put(project);
    transaction.objectStore(summariesStore).put(summaryOf(project));
    await completion(transaction);
  }

  /** Renames a stored project (the open one is renamed through the store, then autosaved). */
  async rename(id: string, name: string): Promise<void> {
    const project = await this.load(id);
    if (!project) throw new Error(`There is no stored project with id "${id}".`);
    await this.save({ ...project, name });
  }

  async delete(id: string): Promise<void> {
    const transaction = this.database.transaction(
      [projectsStore, summariesStore, settingsStore],
      'readwrite',
    );
    transaction.objectStore(projectsStore).delete(id);
    transaction.objectStore(summariesStore).delete(id);
    const settings = transaction.objectStore(settingsStore);
    const lastOpened = await settle(settings.get(lastOpenedKey));
    if (lastOpened === id) settings.delete(lastOpenedKey);
    await completion(transaction);
  }

  async lastOpenedId(): Promise<string | null> {
    const transaction = this.database.transaction(settingsStore, 'readonly');
    const id: unknown = await settle(transaction.objectStore(settingsStore).get(lastOpenedKey));
    return typeof id === 'string' ? id : null;
  }

  async setLastOpenedId(id: string): Promise<void> {
    const transaction = this.database.transaction(settingsStore, 'readwrite');
    transaction.objectStore(settingsStore).put(id, lastOpenedKey);
    await completion(transaction);
  }

  close(): void {
    this.database.close();
  }
}

/**
 * The project to show when the app starts: the one open last, else the most recently modified,
 * else a new one (saved at once so it is listed).
 */
export async function restoreProject(
  repository: ProjectRepository,
  createProject: () => Project,
): Promise<Project> {
  const lastId = await repository.lastOpenedId();
  const candidates = [lastId, ...(await repository.list()).map((summary) => summary.id)];
  for (const id of candidates) {
    if (id === null) continue;
    const project = await repository.load(id);
    if (project) {
      await repository.setLastOpenedId(project.id);
      return project;
    }
  }
  const project = createProject();
  await repository.save(project);
  await repository.setLastOpenedId(project.id);
  return project;
}

export interface Autosave {
  /** Saves any pending change now. */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * Saves the store's project `delayMilliseconds` after the first change not yet saved, so every
 * change is on disk within that delay plus one save, however fast edits come.
 */
export function startAutosave(
  store: ProjectStore,
  repository: ProjectRepository,
  options: { delayMilliseconds?: number; onError?: (error: unknown) => void } = {},
): Autosave {
  const delay = options.delayMilliseconds ?? 500;
  let savedRevision = store.getSnapshot().revision;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> = Promise.resolve();

  const save = (): Promise<void> => {
    timer = null;
    saving = saving.then(async () => {
      const { project, revision } = store.getSnapshot();
      if (revision === savedRevision) return;
      try {
        await repository.save(project);
        savedRevision = revision;
      } catch (error) {
        options.onError?.(error);
      }
    });
    return saving;
  };

  const unsubscribe = store.subscribe((snapshot) => {
    if (snapshot.revision !== savedRevision && timer === null) timer = setTimeout(save, delay);
  });

  return {
    flush() {
      if (timer !== null) clearTimeout(timer);
      return save();
    },
    stop() {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
