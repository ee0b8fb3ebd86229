import { describe, expect, it } from 'vitest';
import {
  migrateProject,
  parseProjectFile,
  serialiseProject,
  stepUp,
  validateProject,
} from './migrate.ts';
import { ValidationError, describeProblems } from './problems.ts';
import { emptyProject, type Project } from './project.ts';

const now = '2026-01-02T03:04:05.000Z';

function withFootprint(): Project {
  const project = emptyProject('p1', 'Test', now);
  project.footprints.push({
    id: 'f1',
    label: '<img src=x onerror=alert(1)>',
    note: '',
    category: 'workshop',
    observedOn: 'after',
    colour: '#ff8800',
    createdAt: now,
    modifiedAt: now,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [127.5, 39.9],
          [127.501, 39.9],
          [127.501, 39.901],
          [127.5, 39.9],
        ],
      ],
    },
    gsdMetres: 0.5,
  });
  return project;
}

describe('project files', () => {
  it('round-trips a project through its file text unchanged', () => {
    const project = withFootprint();
    const reread = parseProjectFile(serialiseProject(project));
    expect(reread).toEqual({ ok: true, value: project });
  });

  it('keeps fields it does not know, at every level', () => {
    const projectFile = JSON.parse(serialiseProject(withFootprint()));
    projectFile.futureSetting = { a: 1 };
    projectFile.footprints[0].heightMetres = 12;
    const project = migrateProject(projectFile) as Record<string, unknown> & Project;
    expect(project.futureSetting).toEqual({ a: 1 });
    expect((project.footprints[0] as Record<string, unknown>).heightMetres).toBe(12);
  });

  it('lists the first problems with their paths', () => {
    const projectFile = JSON.parse(serialiseProject(withFootprint()));
    projectFile.footprints[0].colour = 'red';
    projectFile.footprints[0].geometry.coordinates[0].pop();
    projectFile.name = 42;
    const result = validateProject(projectFile);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((problem) => problem.path);
    expect(paths).toContain('name');
    expect(paths).toContain('footprints[0].colour');
    expect(paths).toContain('footprints[0].geometry.coordinates');
    expect(describeProblems(result.problems)).toMatch(
      /footprints\[0\]\.geometry\.coordinates: ring 1 is not closed/,
    );
  });

  it('refuses duplicate footprint ids', () => {
    const project = withFootprint();
    project.footprints.push({ ...project.footprints[0] });
    const result = validateProject(project);
    expect(!result.ok && result.problems[0]).toEqual({
      path: 'footprints[1].id',
      message: 'footprint id "f1" is used twice',
    });
  });

  it('says when a file is from a newer sitediff, not a project, or not JSON', () => {
    expect(() => migrateProject({ ...withFootprint(), version: 7 })).toThrow(
      /newer sitediff \(project version 7/,
    );
    expect(() => migrateProject({ type: 'FeatureCollection' })).toThrow(ValidationError);
    expect(() => migrateProject([])).toThrow(/a project is a JSON object/);
    const notJson = parseProjectFile('{"format": ');
    expect(!notJson.ok && notJson.problems[0].message).toMatch(/^not JSON/);
  });

  it('steps a document up one version at a time, and names a missing step', () => {
    const steps = {
      1: (document: Record<string, unknown>) => ({ ...document, notes: '' }),
      2: (document: Record<string, unknown>) => ({ ...document, view: null }),
    };
    const input = { format: 'sitediff-project', version: 1 };
    expect(stepUp(input, 1, 3, steps)).toEqual({
      document: { format: 'sitediff-project', version: 3, notes: '', view: null },
    });
    expect(input).toEqual({ format: 'sitediff-project', version: 1 });
    expect(stepUp(input, 1, 4, steps)).toEqual({
      problems: [
        {
          path: 'version',
          message: 'this sitediff cannot upgrade project version 3 to 4: its migration is missing',
        },
      ],
    });
  });

  it('needs a hash or a URL for every image', () => {
    const project = withFootprint();
    project.images.push({
      role: 'before',
      name: 'before.tif',
      sizeBytes: 10,
      sha256: null,
      url: null,
      metadata: { date: null, source: '', credit: '' },
    });
    const result = validateProject(project);
    expect(!result.ok && result.problems[0].path).toBe('images[0].sha256');
  });

  it('shows at most five problems and counts the rest', () => {
    const problems = Array.from({ length: 8 }, (_, i) => ({
      path: `footprints[${i}]`,
      message: 'bad',
    }));
    const text = describeProblems(problems);
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toMatch(/and 3 more/);
  });
});
