import { describe, expect, it } from 'vitest';
import { measureFootprint } from '../core/measure/footprint-measurement.ts';
import { localProjectionAt } from '../core/measure/local-projection.ts';
import { footprintsToGeoJson } from '../core/schema/footprint-geojson.ts';
import { footprintsToKml } from '../core/schema/footprint-kml.ts';
import { serialiseProject } from '../core/schema/migrate.ts';
import type { DetectedChange } from '../core/schema/project.ts';
import {
  footprintFileFormat,
  footprintFromChangeCommand,
  importFootprintFile,
  newFootprint,
  openProjectFile,
} from './footprint-actions.ts';
import { testFootprint, testProject, testTime } from './project-test-data.test-support.ts';
import { createProjectStore } from './store.ts';

let counter = 0;
const importOptions = { now: testTime, newId: () => `imported-${++counter}` };

describe('footprint actions', () => {
  it('imports a GeoJSON file as one undo step, renaming clashing ids and adding categories', () => {
    const store = createProjectStore(testProject(1));
    const incoming = [
      testFootprint('f1', 'clash'),
      { ...testFootprint('x', '<img src=x onerror=alert(1)>', 127.6), category: 'rail' },
    ];
    const result = importFootprintFile(
      store,
      JSON.stringify(footprintsToGeoJson(incoming)),
      'geojson',
      importOptions,
    );
    expect(result.ok).toBe(true);
    const { project } = store.getSnapshot();
    expect(project.footprints.map((f) => f.label)).toEqual([
      'building 1',
      'clash',
      '<img src=x onerror=alert(1)>',
    ]);
    expect(project.footprints[1].id).toMatch(/^imported-/);
    expect(project.categories).toContain('rail');
    expect(store.undo()).toBe(true);
    expect(store.getSnapshot().project.footprints).toHaveLength(1);
    expect(store.getSnapshot().project.categories).not.toContain('rail');
  });

  it('leaves the project unchanged when an imported file is broken', () => {
    const store = createProjectStore(testProject(1));
    const before = store.getSnapshot();
    const kml = footprintsToKml([testFootprint('a'), testFootprint('b')], 'x').replace(
      /<coordinates>[^<]*<\/coordinates>\n?/,
      (text) => text.replace('127.5,', '99999,'),
    );
    const result = importFootprintFile(store, kml, 'kml', importOptions);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0].message).toMatch(/projected metres|longitude/);
    expect(store.getSnapshot()).toBe(before);
  });

  it('opens a project file, or reports its problems and keeps the current one', () => {
    const store = createProjectStore(testProject(0));
    const before = store.getSnapshot();
    const broken = openProjectFile(
      store,
      serialiseProject(testProject(2)).replace('"format": "sitediff-project"', '"format": "other"'),
    );
    expect(broken.ok).toBe(false);
    expect(store.getSnapshot()).toBe(before);
    expect(openProjectFile(store, serialiseProject(testProject(2))).ok).toBe(true);
    expect(store.getSnapshot().project.footprints).toHaveLength(2);
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('opens a file of a project already kept here as a copy with a new id', () => {
    const store = createProjectStore(testProject(0));
    const file = serialiseProject(testProject(2));
    const storedId = testProject(2).id;
    const opened = openProjectFile(store, file, {
      storedIds: new Set([storedId]),
      newId: () => 'copy-1',
    });
    expect(opened.ok && opened.value.copiedFromId).toBe(storedId);
    expect(store.getSnapshot().project.id).toBe('copy-1');
    expect(store.getSnapshot().project.footprints).toHaveLength(2);
    const fresh = openProjectFile(store, file, { storedIds: new Set(['other']), newId: () => 'x' });
    expect(fresh.ok && fresh.value.copiedFromId).toBeNull();
    expect(store.getSnapshot().project.id).toBe(storedId);
  });

  it('turns a detected change into a footprint of its oriented rectangle in one step', () => {
    const site = localProjectionAt([127.5, 39.9]);
    // A rough, rotated blob of change: a 60 × 20 m rectangle with a notch.
    const local = [
      [0, 0],
      [60, 0],
      [60, 20],
      [30, 20],
      [30, 15],
      [0, 20],
      [0, 0],
    ];
    const change: DetectedChange = {
      id: 'c1',
      geometry: { type: 'Polygon', coordinates: [local.map(([x, y]) => site.inverse([x, y]))] },
      areaSquareMetres: null,
      score: null,
      review: 'unreviewed',
      note: '',
      footprintId: null,
    };
    const project = { ...testProject(0), changes: [change] };
    const store = createProjectStore(project);
    const command = footprintFromChangeCommand(change, 'orientedRectangle', {
      id: 'from-change',
      now: testTime,
      label: 'new shed',
    });
    if (!command.ok) throw new Error(JSON.stringify(command.problems));
    store.dispatch(command.value);
    const { footprints, changes } = store.getSnapshot().project;
    expect(measureFootprint(footprints[0].geometry).areaSquareMetres).toBeCloseTo(1200, 1);
    expect(changes[0]).toMatchObject({ review: 'confirmed', footprintId: 'from-change' });
    store.undo();
    expect(store.getSnapshot().project).toEqual({
      ...project,
      modifiedAt: store.getSnapshot().project.modifiedAt,
    });
  });

  it('makes a footprint of a candidate found inside a change, not of the whole region', () => {
    const site = localProjectionAt([127.5, 39.9]);
    const ring = (corners: [number, number][]) => corners.map(([x, y]) => site.inverse([x, y]));
    const building = ring([
      [10, 10],
      [70, 10],
      [70, 23],
      [10, 23],
      [10, 10],
    ]);
    const change: DetectedChange = {
      id: 'c2',
      geometry: {
        type: 'Polygon',
        coordinates: [
          ring([
            [0, 0],
            [100, 0],
            [100, 60],
            [0, 60],
            [0, 0],
          ]),
        ],
      },
      areaSquareMetres: 6000,
      score: null,
      review: 'unreviewed',
      note: '',
      footprintId: null,
      footprintCandidates: [{ areaSquareMetres: 780, ring: building }],
    };
    const store = createProjectStore({ ...testProject(0), changes: [change] });
    const command = footprintFromChangeCommand(
      change,
      { candidate: 0 },
      {
        id: 'block',
        now: testTime,
      },
    );
    if (!command.ok) throw new Error(JSON.stringify(command.problems));
    store.dispatch(command.value);
    const { footprints, changes } = store.getSnapshot().project;
    expect(measureFootprint(footprints[0].geometry).areaSquareMetres).toBeCloseTo(780, 0);
    expect(changes[0]).toMatchObject({ review: 'confirmed', footprintId: 'block' });
    const missing = footprintFromChangeCommand(
      change,
      { candidate: 1 },
      { id: 'x', now: testTime },
    );
    expect(!missing.ok && missing.problems[0].message).toMatch(/no such candidate/);
  });

  it('validates new footprints and recognises file formats', () => {
    const drawn = newFootprint({
      id: 'd',
      now: testTime,
      geometry: testFootprint('d').geometry,
      gsdMetres: 0.5,
    });
    expect(drawn.ok && drawn.value).toMatchObject({
      label: '',
      category: 'other',
      observedOn: 'after',
      gsdMetres: 0.5,
    });
    const bad = newFootprint({ id: 'd', now: 'yesterday', geometry: testFootprint('d').geometry });
    expect(!bad.ok && bad.problems[0].path).toBe('createdAt');
    expect(footprintFileFormat('Site.KML')).toBe('kml');
    expect(footprintFileFormat('a.geojson')).toBe('geojson');
    expect(footprintFileFormat('a.shp')).toBeNull();
  });
});
