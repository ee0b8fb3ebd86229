// The footprint story of issue 5 without a browser: draw rotated rectangles over the demo site's
// two assembly buildings, compare them, undo and redo, reload, export and import into a new project.
import { IDBFactory } from 'fake-indexeddb';
import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import truthText from '../../fixtures/demo-site/truth.geojson?raw';
import { footprintsToGeoJson } from '../core/schema/footprint-geojson.ts';
import { emptyProject } from '../core/schema/project.ts';
import { drawingStep, idleDrawing, undoLevel, type DrawingState } from './drawing-session.ts';
import { importFootprintFile, newFootprint } from './footprint-actions.ts';
import { compareProjectFootprints } from './footprint-measurements.ts';
import { ProjectRepository, restoreProject, startAutosave } from './persistence.ts';
import { createProjectStore, type ProjectStore } from './store.ts';

const truth = JSON.parse(truthText) as FeatureCollection<Polygon, { id: string }>;
const ringOf = (id: string) =>
  truth.features.find((f) => f.properties.id === id)!.geometry.coordinates[0];
const now = '2026-06-01T10:00:00.000Z';

/** Three clicks of the rotated-rectangle tool on a building's corners, then one stray click undone. */
function drawBuilding(store: ProjectStore, id: string, label: string, truthId: string) {
  const [a, b, c] = ringOf(truthId);
  let state: DrawingState = drawingStep(idleDrawing, {
    type: 'start',
    tool: 'rotatedRectangle',
  }).state;
  state = drawingStep(state, { type: 'addVertex', position: a }).state;
  state = drawingStep(state, { type: 'addVertex', position: [a[0] + 0.0001, a[1]] }).state;
  // Ctrl+Z while drawing removes the stray vertex, not a finished building.
  expect(undoLevel(state)).toBe('vertex');
  state = drawingStep(state, { type: 'undoVertex' }).state;
  state = drawingStep(state, { type: 'addVertex', position: b }).state;
  const step = drawingStep(state, { type: 'addVertex', position: c });
  expect(step.finished).not.toBeNull();
  const footprint = newFootprint({
    id,
    label,
    now,
    geometry: step.finished!,
    category: 'assembly building',
    gsdMetres: 0.5,
  });
  if (!footprint.ok) throw new Error(JSON.stringify(footprint.problems));
  store.dispatch({ type: 'addFootprint', footprint: footprint.value });
}

describe('footprint workflow', () => {
  it('draws, compares, undoes, survives a reload, and exports into a new project', async () => {
    const factory = new IDBFactory();
    const repository = await ProjectRepository.open(factory);
    const project = await restoreProject(repository, () =>
      emptyProject('hamhung', 'February 11 plant', now),
    );
    const store = createProjectStore(project);
    const autosave = startAutosave(store, repository, { delayMilliseconds: 20 });

    drawBuilding(store, 'main', 'main assembly building', 'main-assembly');
    drawBuilding(store, 'new', 'new assembly building', 'new-assembly');
    store.dispatch({
      type: 'updateFootprint',
      id: 'new',
      changes: { label: '<img src=x onerror=alert(1)>' },
    });
    store.undo();
    const sentence = compareProjectFootprints(store.getSnapshot().project, 'new', 'main')?.sentence;
    expect(sentence).toMatch(
      /^The new assembly building's footprint is 65% \(6\d–6\d%\) the size of the main assembly building's — about 35% smaller\.$/,
    );
    store.undo();
    expect(store.getSnapshot().project.footprints.map((f) => f.id)).toEqual(['main']);
    store.redo();
    await autosave.flush();
    autosave.stop();

    // Reload: a new connection restores the project exactly.
    const reloaded = await restoreProject(await ProjectRepository.open(factory), () => {
      throw new Error('the project was lost');
    });
    expect(reloaded).toEqual(store.getSnapshot().project);

    // Export GeoJSON and import it into a new project: same footprints, same sentence.
    const exported = JSON.stringify(footprintsToGeoJson(reloaded.footprints));
    const fresh = createProjectStore(emptyProject('copy', 'Copy', now));
    const imported = importFootprintFile(fresh, exported, 'geojson', {
      now,
      newId: () => 'unused',
    });
    expect(imported.ok).toBe(true);
    expect(fresh.getSnapshot().project.footprints).toEqual(reloaded.footprints);
    expect(compareProjectFootprints(fresh.getSnapshot().project, 'new', 'main')?.sentence).toBe(
      sentence,
    );
  });
});
