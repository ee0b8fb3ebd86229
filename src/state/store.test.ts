import { describe, expect, it } from 'vitest';
import { createProjectStore, type ProjectSnapshot } from './store.ts';
import { testFootprint, testProject } from './project-test-data.test-support.ts';

const clock = () => {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 2, 2, 0, 0, tick++)).toISOString();
};

const ids = (snapshot: ProjectSnapshot) =>
  snapshot.project.footprints.map((footprint) => footprint.id);

describe('project store', () => {
  it('undoes and redoes edits in order', () => {
    const store = createProjectStore(testProject(1), clock());
    store.dispatch({ type: 'addFootprint', footprint: testFootprint('a') });
    store.dispatch({ type: 'updateFootprint', id: 'a', changes: { label: 'hall' } });
    store.dispatch({ type: 'deleteFootprint', id: 'f1' });
    expect(ids(store.getSnapshot())).toEqual(['a']);
    expect(store.undo()).toBe(true);
    expect(ids(store.getSnapshot())).toEqual(['f1', 'a']);
    expect(store.undo()).toBe(true);
    expect(store.getSnapshot().project.footprints[1].label).toBe('building a');
    expect(store.redo()).toBe(true);
    expect(store.getSnapshot().project.footprints[1].label).toBe('hall');
    // A new edit after undo discards the redo branch.
    store.dispatch({ type: 'setMetadata', changes: { name: 'renamed' } });
    expect(store.getSnapshot().canRedo).toBe(false);
    expect(store.redo()).toBe(false);
  });

  it('groups a gesture into one undo entry, and cancels one without a redo entry', () => {
    const store = createProjectStore(testProject(1), clock());
    const original = store.getSnapshot().project.footprints[0].geometry;
    store.beginGesture();
    for (let step = 0; step < 5; step++) {
      store.dispatch({
        type: 'moveFootprint',
        id: 'f1',
        eastMetres: 1,
        northMetres: 0,
        modifiedAt: '2026-03-02T00:00:00.000Z',
      });
    }
    expect(store.getSnapshot().canUndo).toBe(false);
    store.endGesture();
    expect(store.undo()).toBe(true);
    expect(store.getSnapshot().project.footprints[0].geometry).toEqual(original);
    expect(store.getSnapshot().canUndo).toBe(false);

    store.beginGesture();
    store.dispatch({
      type: 'moveFootprint',
      id: 'f1',
      eastMetres: 5,
      northMetres: 5,
      modifiedAt: '2026-03-02T00:00:00.000Z',
    });
    store.cancelGesture();
    expect(store.getSnapshot().project.footprints[0].geometry).toEqual(original);
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(store.getSnapshot().inGesture).toBe(false);
  });

  it('does not record loading a project or unrecorded updates', () => {
    const store = createProjectStore(testProject(0), clock());
    store.dispatch({ type: 'addFootprint', footprint: testFootprint('a') });
    store.load(testProject(2));
    expect(ids(store.getSnapshot())).toEqual(['f1', 'f2']);
    expect(store.getSnapshot().canUndo).toBe(false);
    store.dispatch({ type: 'setChanges', changes: [] }, { record: false });
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(store.getSnapshot().project.changes).toEqual([]);
  });

  it('drops a history an unrecorded change has made stale, instead of half-undoing', () => {
    const store = createProjectStore(testProject(1), clock());
    store.dispatch({ type: 'updateFootprint', id: 'f1', changes: { label: 'x' } });
    store.dispatch({ type: 'deleteFootprint', id: 'f1' }, { record: false });
    expect(store.undo()).toBe(false);
    expect(store.getSnapshot().project.footprints).toEqual([]);
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('tells subscribers, stamps modifiedAt, and leaves the project unchanged when a command fails', () => {
    const store = createProjectStore(testProject(1), clock());
    const seen: number[] = [];
    const unsubscribe = store.subscribe((snapshot) => seen.push(snapshot.revision));
    store.dispatch({ type: 'setMetadata', changes: { notes: 'a' } });
    expect(store.getSnapshot().project.modifiedAt).toBe('2026-03-02T00:00:00.000Z');
    const before = store.getSnapshot();
    expect(() => store.dispatch({ type: 'deleteFootprint', id: 'missing' })).toThrow();
    expect(store.getSnapshot()).toBe(before);
    unsubscribe();
    store.dispatch({ type: 'setMetadata', changes: { notes: 'b' } });
    expect(seen).toEqual([1]);
    // Snapshots are stable between changes, as React's useSyncExternalStore needs.
    expect(store.getSnapshot()).toBe(store.getSnapshot());
  });
});
