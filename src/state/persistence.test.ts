import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { emptyProject } from '../core/schema/project.ts';
import { ProjectRepository, restoreProject, startAutosave } from './persistence.ts';
import { testFootprint, testProject } from './project-test-data.test-support.ts';
import { createProjectStore } from './store.ts';

// Each test opens its own in-memory IndexedDB: no state shared between tests.
const openRepository = () => ProjectRepository.open(new IDBFactory());
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('project persistence', () => {
  it('saves, lists, loads, renames and deletes projects', async () => {
    const repository = await openRepository();
    const first = testProject(2);
    const second = { ...emptyProject('project-2', 'Vinalon complex', '2026-04-01T00:00:00.000Z') };
    await repository.save(first);
    await repository.save(second);
    expect(await repository.list()).toEqual([
      {
        id: 'project-2',
        name: 'Vinalon complex',
        modifiedAt: '2026-04-01T00:00:00.000Z',
        footprintCount: 0,
      },
      { id: 'project-1', name: 'Test site', modifiedAt: first.modifiedAt, footprintCount: 2 },
    ]);
    expect(await repository.load('project-1')).toEqual(first);
    await repository.rename('project-1', 'February 11 plant');
    expect((await repository.load('project-1'))?.name).toBe('February 11 plant');
    expect((await repository.list()).find((s) => s.id === 'project-1')?.name).toBe(
      'February 11 plant',
    );
    await repository.delete('project-2');
    expect((await repository.list()).map((s) => s.id)).toEqual(['project-1']);
    expect(await repository.load('project-2')).toBeNull();
    repository.close();
  });

  it('restores the project open last, or makes and saves a new one', async () => {
    const factory = new IDBFactory();
    let repository = await ProjectRepository.open(factory);
    const created = await restoreProject(repository, () =>
      emptyProject('fresh', 'New project', '2026-05-01T00:00:00.000Z'),
    );
    expect(created.id).toBe('fresh');
    await repository.save(testProject(1));
    await repository.setLastOpenedId('project-1');
    repository.close();
    // A reload: a new connection to the same database.
    repository = await ProjectRepository.open(factory);
    const restored = await restoreProject(repository, () => {
      throw new Error('should not create a project');
    });
    expect(restored).toEqual(testProject(1));
    await repository.delete('project-1');
    expect(
      (await restoreProject(repository, () => emptyProject('x', 'x', '2026-05-01T00:00:00.000Z')))
        .id,
    ).toBe('fresh');
  });

  it('opens a database written by the first version, keeping its projects', async () => {
    const factory = new IDBFactory();
    const request = factory.open('sitediff', 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('projects', { keyPath: 'id' });
      request.result.createObjectStore('summaries', { keyPath: 'id' });
      request.result.createObjectStore('settings');
    };
    const old = await new Promise<IDBDatabase>(
      (resolve) => (request.onsuccess = () => resolve(request.result)),
    );
    const transaction = old.transaction('projects', 'readwrite');
    transaction.objectStore('projects').put(testProject(1));
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    old.close();
    const repository = await ProjectRepository.open(factory);
    expect(await repository.load('project-1')).toEqual(testProject(1));
  });

  it('refuses a stored project that no longer validates', async () => {
    const repository = await openRepository();
    const broken = testProject(1);
    broken.footprints[0].colour = 'not a colour';
    await repository.save(broken);
    await expect(repository.load('project-1')).rejects.toThrow(/footprints\[0\]\.colour/);
  });

  it('autosaves within the delay of a change, and the saved project survives a reload', async () => {
    const factory = new IDBFactory();
    const repository = await ProjectRepository.open(factory);
    const store = createProjectStore(testProject(0));
    const autosave = startAutosave(store, repository, { delayMilliseconds: 50 });
    store.dispatch({
      type: 'addFootprint',
      footprint: testFootprint('a', '<img src=x onerror=alert(1)>'),
    });
    store.dispatch({ type: 'updateFootprint', id: 'a', changes: { note: 'first note' } });
    expect(await repository.load('project-1')).toBeNull();
    await sleep(150);
    const reopened = await ProjectRepository.open(factory);
    expect(await reopened.load('project-1')).toEqual(store.getSnapshot().project);
    // A change followed at once by flush (the page hiding) is saved too.
    store.dispatch({ type: 'deleteFootprint', id: 'a' });
    await autosave.flush();
    expect((await reopened.load('project-1'))?.footprints).toEqual([]);
    autosave.stop();
  });

  it('saves under a steady stream of edits, not only after they stop', async () => {
    const repository = await openRepository();
    const store = createProjectStore(testProject(1));
    const autosave = startAutosave(store, repository, { delayMilliseconds: 40 });
    for (let step = 0; step < 10; step++) {
      store.dispatch({ type: 'setMetadata', changes: { notes: `edit ${step}` } });
      await sleep(15);
    }
    const saved = await repository.load('project-1');
    expect(saved?.notes).toMatch(/^edit [0-9]$/);
    autosave.stop();
  });
});
