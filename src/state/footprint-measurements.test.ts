import { describe, expect, it } from 'vitest';
import { localProjectionAt } from '../core/measure/local-projection.ts';
import type { Footprint } from '../core/schema/footprint.ts';
import { applyCommand } from './commands.ts';
import { compareProjectFootprints, footprintMeasurement } from './footprint-measurements.ts';
import { testFootprint, testProject } from './project-test-data.test-support.ts';

/** A w × h metre rectangle footprint near the demo site. */
function building(id: string, label: string, w: number, h: number, east: number): Footprint {
  const site = localProjectionAt([127.5, 39.9]);
  const ring = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
    [0, 0],
  ].map(([x, y]) => site.inverse([x + east, y]));
  return {
    ...testFootprint(id, label),
    geometry: { type: 'Polygon', coordinates: [ring] },
    gsdMetres: 0.5,
  };
}

describe('footprint measurements in a project', () => {
  it('compares two footprints of the project by id, with the GSD they were drawn at', () => {
    const project = {
      ...testProject(0),
      footprints: [
        building('main', 'main assembly building', 120, 55, 0),
        building('new', 'new assembly building', 100, 43, 300),
      ],
    };
    const comparison = compareProjectFootprints(project, 'new', 'main');
    // 4300 / 6600 = 65.2%; ±0.25 m outlines give about 63–67%.
    expect(comparison?.sentence).toBe(
      "The new assembly building's footprint is 65% (63–67%) the size of the main assembly building's — about 35% smaller.",
    );
    expect(compareProjectFootprints(project, 'new', 'missing')).toBeNull();
  });

  it('measures an edited footprint afresh', () => {
    const project = { ...testProject(0), footprints: [building('a', 'a', 10, 10, 0)] };
    const first = footprintMeasurement(project.footprints[0]);
    expect(footprintMeasurement(project.footprints[0])).toBe(first);
    const moved = applyCommand(project, {
      type: 'updateFootprint',
      id: 'a',
      changes: { geometry: building('a', 'a', 20, 10, 0).geometry },
    }).project;
    expect(footprintMeasurement(moved.footprints[0]).areaSquareMetres).toBeCloseTo(200, 3);
  });
});
