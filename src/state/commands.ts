// Every edit of a project is a command; applying one returns the project after it and the command
// that undoes it (STYLE.md habit 5, after placemark's persistence/memory.ts). Pure and immutable:
// no store, no clock — callers stamp times into the commands they build.
import { moveGeometryMetres } from '../core/measure/move-geometry.ts';
import { footprintSchema, type Footprint } from '../core/schema/footprint.ts';
import { describeProblems, problemsFromZod } from '../core/schema/problems.ts';
import type {
  DetectedChange,
  ImageReference,
  ImageRole,
  MapView,
  Project,
  ReviewState,
} from '../core/schema/project.ts';

/** Fields of a footprint an edit may change (its id and creation time never change). */
export type FootprintChanges = Partial<Omit<Footprint, 'id' | 'createdAt'>>;

export type ProjectMetadata = Pick<Project, 'name' | 'notes' | 'categories'>;

export type ProjectCommand =
  | { readonly type: 'addFootprint'; readonly footprint: Footprint; readonly index?: number }
  | { readonly type: 'deleteFootprint'; readonly id: string }
  | { readonly type: 'updateFootprint'; readonly id: string; readonly changes: FootprintChanges }
  | {
      readonly type: 'moveFootprint';
      readonly id: string;
      readonly eastMetres: number;
      readonly northMetres: number;
      readonly modifiedAt: string;
    }
  | { readonly type: 'setMetadata'; readonly changes: Partial<ProjectMetadata> }
  | { readonly type: 'setView'; readonly view: MapView | null }
  | { readonly type: 'setImage'; readonly role: ImageRole; readonly image: ImageReference | null }
  | { readonly type: 'setChanges'; readonly changes: readonly DetectedChange[] }
  | {
      readonly type: 'reviewChange';
      readonly id: string;
      readonly review: ReviewState;
      readonly note?: string;
      readonly footprintId?: string | null;
    }
  | { readonly type: 'batch'; readonly commands: readonly ProjectCommand[] };

export interface Applied {
  readonly project: Project;
  readonly inverse: ProjectCommand;
}

/** An edit that cannot apply to this project (unknown id, invalid footprint, …). */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

function validFootprint(candidate: Footprint): Footprint {
  const parsed = footprintSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new CommandError(
      `Footprint "${candidate.label}" is not valid:\n${describeProblems(problemsFromZod(parsed.error))}`,
    );
  }
  return parsed.data;
}

function footprintIndex(project: Project, id: string): number {
  const index = project.footprints.findIndex((footprint) => footprint.id === id);
  if (index < 0) throw new CommandError(`There is no footprint with id "${id}".`);
  return index;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = source[key];
  return picked;
}

const keysOf = <T extends object>(value: T) => Object.keys(value) as (keyof T)[];

function replaceFootprint(project: Project, index: number, footprint: Footprint): Project {
  const footprints = [...project.footprints];
  footprints[index] = footprint;
  return { ...project, footprints };
}

export function applyCommand(project: Project, command: ProjectCommand): Applied {
  switch (command.type) {
    case 'addFootprint': {
      if (project.footprints.some((footprint) => footprint.id === command.footprint.id)) {
        throw new CommandError(`A footprint with id "${command.footprint.id}" already exists.`);
      }
      const footprints = [...project.footprints];
      const index = Math.min(command.index ?? footprints.length, footprints.length);
      footprints.splice(index, 0, validFootprint(command.footprint));
      return {
        project: { ...project, footprints },
        inverse: { type: 'deleteFootprint', id: command.footprint.id },
      };
    }
    case 'deleteFootprint': {
      const index = footprintIndex(project, command.id);
      const footprint = project.footprints[index];
      return {
        project: { ...project, footprints: project.footprints.filter((_, i) => i !== index) },
        inverse: { type: 'addFootprint', footprint, index },
      };
    }
    case 'updateFootprint': {
      const index = footprintIndex(project, command.id);
      const before = project.footprints[index];
      const after = validFootprint({ ...before, ...command.changes });
      return {
        project: replaceFootprint(project, index, after),
        inverse: {
          type: 'updateFootprint',
          id: command.id,
          changes: pick(before, keysOf(command.changes)),
        },
      };
    }
    case 'moveFootprint': {
      const index = footprintIndex(project, command.id);
      const before = project.footprints[index];
      const geometry = moveGeometryMetres(before.geometry, command.eastMetres, command.northMetres);
      return {
        project: replaceFootprint(
          project,
          index,
          validFootprint({ ...before, geometry, modifiedAt: command.modifiedAt }),
        ),
        // Moving back by the same metres would drift by round-off; restore the exact outline.
        inverse: {
          type: 'updateFootprint',
          id: command.id,
          changes: { geometry: before.geometry, modifiedAt: before.modifiedAt },
        },
      };
    }
    case 'setMetadata':
      return {
        project: { ...project, ...command.changes },
        inverse: { type: 'setMetadata', changes: pick(project, keysOf(command.changes)) },
      };
    case 'setView':
      return {
        project: { ...project, view: command.view },
        inverse: { type: 'setView', view: project.view },
      };
    case 'setImage': {
      const previous = project.images.find((image) => image.role === command.role) ?? null;
      const others = project.images.filter((image) => image.role !== command.role);
      const images = command.image ? [...others, { ...command.image, role: command.role }] : others;
      images.sort((a, b) => (a.role === b.role ? 0 : a.role === 'before' ? -1 : 1));
      return {
        project: { ...project, images },
        inverse: { type: 'setImage', role: command.role, image: previous },
      };
    }
    case 'setChanges':
      return {
        project: { ...project, changes: [...command.changes] },
        inverse: { type: 'setChanges', changes: project.changes },
      };
    case 'reviewChange': {
      const index = project.changes.findIndex((change) => change.id === command.id);
      if (index < 0) throw new CommandError(`There is no detected change with id "${command.id}".`);
      const before = project.changes[index];
      const changes = [...project.changes];
      changes[index] = {
        ...before,
        review: command.review,
        note: command.note ?? before.note,
        footprintId: command.footprintId === undefined ? before.footprintId : command.footprintId,
      };
      return {
        project: { ...project, changes },
        inverse: {
          type: 'reviewChange',
          id: command.id,
          review: before.review,
          note: before.note,
          footprintId: before.footprintId,
        },
      };
    }
    case 'batch': {
      // All or nothing: a failing command throws before the caller sees any of the batch.
      let current = project;
      const inverses: ProjectCommand[] = [];
      for (const step of command.commands) {
        const applied = applyCommand(current, step);
        current = applied.project;
        inverses.unshift(applied.inverse);
      }
      return { project: current, inverse: { type: 'batch', commands: inverses } };
    }
  }
}
