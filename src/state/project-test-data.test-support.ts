// Small projects for the state tests, built through the schema so they are valid.
import type { Position } from 'geojson';
import type { Footprint } from '../core/schema/footprint.ts';
import { emptyProject, type Project } from '../core/schema/project.ts';

export const testTime = '2026-03-01T12:00:00.000Z';

export const square = (west: number, south: number, size = 0.001): Position[] => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];

export function testFootprint(id: string, label = `building ${id}`, west = 127.5): Footprint {
  return {
    id,
    label,
    note: '',
    category: 'workshop',
    observedOn: 'after',
    colour: '#336699',
    createdAt: testTime,
    modifiedAt: testTime,
    geometry: { type: 'Polygon', coordinates: [square(west, 39.9)] },
    gsdMetres: 0.5,
  };
}

export function testProject(footprintCount = 0): Project {
  const project = emptyProject('project-1', 'Test site', testTime);
  for (let i = 1; i <= footprintCount; i++) {
    project.footprints.push(testFootprint(`f${i}`, `building ${i}`, 127.5 + i * 0.002));
  }
  project.changes.push({
    id: 'c1',
    geometry: { type: 'Polygon', coordinates: [square(127.49, 39.9)] },
    areaSquareMetres: 9000,
    score: 0.7,
    review: 'unreviewed',
    note: '',
    footprintId: null,
  });
  return project;
}
