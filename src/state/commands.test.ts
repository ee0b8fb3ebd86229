import { describe, expect, it } from 'vitest';
import { geodesicDistanceMetres } from '../core/measure/geodesic.ts';
import { validateProject } from '../core/schema/migrate.ts';
import { CommandError, applyCommand, type ProjectCommand } from './commands.ts';
import { testFootprint, testProject, testTime } from './project-test-data.test-support.ts';

const later = '2026-03-02T08:00:00.000Z';

const commands: [string, ProjectCommand][] = [
  ['add a footprint', { type: 'addFootprint', footprint: testFootprint('new') }],
  [
    'add a footprint at the front',
    { type: 'addFootprint', footprint: testFootprint('new'), index: 0 },
  ],
  ['delete a footprint', { type: 'deleteFootprint', id: 'f2' }],
  [
    'relabel a footprint',
    { type: 'updateFootprint', id: 'f1', changes: { label: 'hall', modifiedAt: later } },
  ],
  [
    'move a footprint',
    { type: 'moveFootprint', id: 'f1', eastMetres: 12.5, northMetres: -3, modifiedAt: later },
  ],
  [
    'rename the project',
    { type: 'setMetadata', changes: { name: 'Hamhung', notes: 'CNS estimate' } },
  ],
  [
    'add a category',
    { type: 'setMetadata', changes: { categories: ['assembly building', 'rail'] } },
  ],
  [
    'set the view',
    {
      type: 'setView',
      view: { centre: [127.5, 39.9], zoom: 16, bearingDegrees: 0, pitchDegrees: 0 },
    },
  ],
  [
    'set an image',
    {
      type: 'setImage',
      role: 'after',
      image: {
        role: 'after',
        name: 'a.tif',
        sizeBytes: 5,
        sha256: 'a'.repeat(64),
        url: null,
        metadata: { date: '2024-10-30', source: 'x', credit: 'y' },
      },
    },
  ],
  [
    'confirm a change',
    { type: 'reviewChange', id: 'c1', review: 'confirmed', note: 'new hall', footprintId: 'f1' },
  ],
  ['replace the changes', { type: 'setChanges', changes: [] }],
  [
    'import several footprints',
    {
      type: 'batch',
      commands: [
        { type: 'addFootprint', footprint: testFootprint('i1') },
        { type: 'addFootprint', footprint: testFootprint('i2') },
        { type: 'deleteFootprint', id: 'f1' },
      ],
    },
  ],
];

describe('project commands', () => {
  for (const [name, command] of commands) {
    it(`${name}: the inverse restores the project exactly, and stays valid`, () => {
      const before = testProject(3);
      const frozen = structuredClone(before);
      const applied = applyCommand(before, command);
      expect(applied.project).not.toEqual(before);
      expect(validateProject(applied.project).ok).toBe(true);
      expect(applyCommand(applied.project, applied.inverse).project).toEqual(before);
      // Commands never mutate the project they are given.
      expect(before).toEqual(frozen);
    });
  }

  it('moves a footprint by the metres asked', () => {
    const before = testProject(1);
    const { project } = applyCommand(before, {
      type: 'moveFootprint',
      id: 'f1',
      eastMetres: 30,
      northMetres: 40,
      modifiedAt: later,
    });
    const [from, to] = [
      before.footprints[0].geometry.coordinates[0][0],
      project.footprints[0].geometry.coordinates[0][0],
    ];
    expect(geodesicDistanceMetres(from, to)).toBeCloseTo(50, 3);
    expect(project.footprints[0].modifiedAt).toBe(later);
    expect(project.footprints[0].createdAt).toBe(testTime);
  });

  it('refuses unknown ids, duplicate ids and invalid footprints', () => {
    const project = testProject(2);
    expect(() => applyCommand(project, { type: 'deleteFootprint', id: 'nope' })).toThrow(
      CommandError,
    );
    expect(() =>
      applyCommand(project, { type: 'addFootprint', footprint: testFootprint('f1') }),
    ).toThrow(/already exists/);
    expect(() =>
      applyCommand(project, {
        type: 'updateFootprint',
        id: 'f1',
        changes: { colour: 'javascript:alert(1)' },
      }),
    ).toThrow(/colour/);
    const open = testFootprint('x');
    open.geometry.coordinates[0].pop();
    expect(() => applyCommand(project, { type: 'addFootprint', footprint: open })).toThrow(
      /not closed/,
    );
  });

  it('applies a batch all or nothing', () => {
    const project = testProject(1);
    expect(() =>
      applyCommand(project, {
        type: 'batch',
        commands: [
          { type: 'addFootprint', footprint: testFootprint('ok') },
          { type: 'deleteFootprint', id: 'missing' },
        ],
      }),
    ).toThrow(CommandError);
    expect(project.footprints.map((f) => f.id)).toEqual(['f1']);
  });
});
