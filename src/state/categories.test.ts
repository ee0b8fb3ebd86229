import { describe, expect, it } from 'vitest';
import { applyCommand } from './commands.ts';
import {
  addCategoryCommand,
  footprintsOfCategory,
  removeCategoryCommand,
  renameCategoryCommand,
} from './categories.ts';
import { createProjectStore } from './store.ts';
import { testProject, testTime } from './project-test-data.test-support.ts';

const later = '2026-03-02T09:00:00.000Z';

describe('editing the category list', () => {
  it('adds a category, refusing a blank or repeated name', () => {
    const project = testProject(0);
    const added = addCategoryCommand(project, '  radar site ');
    expect(added.ok && applyCommand(project, added.value).project.categories).toEqual([
      ...project.categories,
      'radar site',
    ]);
    expect(addCategoryCommand(project, '   ').ok).toBe(false);
    const repeated = addCategoryCommand(project, project.categories[0]);
    expect(!repeated.ok && repeated.problems[0].message).toMatch(/already a category/);
  });

  it('renames a category on its footprints too, undone in one step', () => {
    const store = createProjectStore(testProject(2));
    const before = store.getSnapshot().project;
    const from = before.footprints[0].category;
    const renamed = renameCategoryCommand(before, from, 'main halls', later);
    if (!renamed.ok) throw new Error('rename refused');
    store.dispatch(renamed.value);
    const after = store.getSnapshot().project;
    expect(after.categories).toContain('main halls');
    expect(after.categories).not.toContain(from);
    expect(after.footprints.every((f) => f.category === 'main halls')).toBe(true);
    expect(after.footprints[0].modifiedAt).toBe(later);
    store.undo();
    expect(store.getSnapshot().project.categories).toEqual(before.categories);
    expect(store.getSnapshot().project.footprints).toEqual(before.footprints);
    expect(before.footprints[0].modifiedAt).toBe(testTime);
  });

  it("keeps a name to itself, and refuses another category's name", () => {
    const project = testProject(0);
    const [first, second] = project.categories;
    expect(renameCategoryCommand(project, first, first, later).ok).toBe(true);
    expect(renameCategoryCommand(project, first, second, later).ok).toBe(false);
  });

  it('removes a category from the list and leaves its footprints annotated', () => {
    const project = testProject(2);
    const category = project.footprints[0].category;
    expect(footprintsOfCategory(project, category)).toBe(2);
    const removed = applyCommand(project, removeCategoryCommand(project, category)).project;
    expect(removed.categories).not.toContain(category);
    expect(removed.footprints.map((f) => f.category)).toEqual([category, category]);
  });
});
