// The edits the UI asks for in the user's words, built as commands: a new footprint from a drawn
// outline, a footprint from a detected change (one click), importing footprint files as one
// undoable step, opening a project file. Each returns problems instead of changing anything when
// its input is invalid, so nothing is ever half-imported.
import type { Polygon } from 'geojson';
import { orientedRectangleLonLat } from '../core/measure/oriented-rectangle.ts';
import { footprintSchema, type Footprint, type ObservedOn } from '../core/schema/footprint.ts';
import {
  parseFootprintGeoJson,
  type FootprintImportOptions,
} from '../core/schema/footprint-geojson.ts';
import { parseFootprintKml } from '../core/schema/footprint-kml.ts';
import { parseProjectFile } from '../core/schema/migrate.ts';
import { problemsFromZod, type Validated } from '../core/schema/problems.ts';
import type { DetectedChange, Project } from '../core/schema/project.ts';
import type { ChangeRegion } from '../core/vectorize/change-polygons.ts';
import type { ProjectCommand } from './commands.ts';
import type { ProjectStore } from './store.ts';

export interface NewFootprint {
  readonly id: string;
  readonly geometry: Polygon;
  /** ISO 8601 instant. */
  readonly now: string;
  readonly label?: string;
  readonly note?: string;
  readonly category?: string;
  readonly observedOn?: ObservedOn;
  readonly colour?: string;
  readonly gsdMetres?: number | null;
}

/** A palette that stays readable over imagery; footprints take the next colour in turn. */
export const footprintColours = ['#e6550d', '#3182bd', '#31a354', '#d62728', '#9467bd', '#17becf'];

export function newFootprint(options: NewFootprint): Validated<Footprint> {
  const parsed = footprintSchema.safeParse({
    id: options.id,
    label: options.label ?? '',
    note: options.note ?? '',
    category: options.category ?? 'other',
    observedOn: options.observedOn ?? 'after',
    colour: options.colour ?? footprintColours[0],
    createdAt: options.now,
    modifiedAt: options.now,
    geometry: options.geometry,
    gsdMetres: options.gsdMetres ?? null,
  });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problems: problemsFromZod(parsed.error) };
}

/** The next colour of the palette for a project. */
export const nextFootprintColour = (project: Project) =>
  footprintColours[project.footprints.length % footprintColours.length];

/** A detected region, as the detector vectorised it, in the project's form (not yet reviewed). */
export function detectedChangeFromRegion(region: ChangeRegion): DetectedChange {
  return {
    id: `change-${region.properties.id}`,
    geometry: region.geometry,
    areaSquareMetres: region.properties.areaSquareMetres,
    score: region.properties.meanScore,
    structureShare: region.properties.structureShare,
    review: 'unreviewed',
    note: '',
    footprintId: null,
    footprintCandidates: region.properties.footprintCandidates.map((candidate) => ({
      areaSquareMetres: candidate.areaSquareMetres,
      ring: candidate.orientedRectangle.ring,
    })),
  };
}

/**
 * What a footprint made from a change is: its outline, its oriented rectangle, or the rectangle of
 * one of the footprint candidates found inside it (by index, largest first).
 */
export type ChangeFootprintShape = 'outline' | 'orientedRectangle' | { readonly candidate: number };

/**
 * One click on a detected change: a footprint of its outline (a single Polygon), of its
 * minimum-area oriented rectangle or of a footprint candidate's, and the change marked confirmed
 * and linked to it.
 */
export function footprintFromChangeCommand(
  change: DetectedChange,
  shape: ChangeFootprintShape,
  options: Omit<NewFootprint, 'geometry'>,
): Validated<ProjectCommand> {
  let geometry: Polygon;
  if (typeof shape === 'object') {
    const candidate = change.footprintCandidates?.[shape.candidate];
    if (!candidate) {
      return {
        ok: false,
        problems: [{ path: 'footprintCandidates', message: 'this change has no such candidate' }],
      };
    }
    geometry = { type: 'Polygon', coordinates: [candidate.ring] };
  } else if (shape === 'orientedRectangle') {
    const { corners } = orientedRectangleLonLat(change.geometry);
    geometry = { type: 'Polygon', coordinates: [[...corners, corners[0]]] };
  } else if (change.geometry.type === 'Polygon') {
    geometry = change.geometry;
  } else {
    return {
      ok: false,
      problems: [
        { path: 'geometry', message: 'this change has several parts; use its oriented rectangle' },
      ],
    };
  }
  const footprint = newFootprint({ ...options, geometry });
  if (!footprint.ok) return footprint;
  return {
    ok: true,
    value: {
      type: 'batch',
      commands: [
        { type: 'addFootprint', footprint: footprint.value },
        {
          type: 'reviewChange',
          id: change.id,
          review: 'confirmed',
          footprintId: footprint.value.id,
        },
      ],
    },
  };
}

/** Adds imported footprints as one undoable step, extending the category list with theirs. */
export function importFootprintsCommand(
  project: Project,
  footprints: readonly Footprint[],
): ProjectCommand {
  const newCategories = [...new Set(footprints.map((f) => f.category))].filter(
    (category) => !project.categories.includes(category),
  );
  return {
    type: 'batch',
    commands: [
      ...(newCategories.length
        ? [
            {
              type: 'setMetadata' as const,
              changes: { categories: [...project.categories, ...newCategories] },
            },
          ]
        : []),
      ...footprints.map((footprint) => ({ type: 'addFootprint' as const, footprint })),
    ],
  };
}

export type FootprintFileFormat = 'geojson' | 'kml';

/** The format of a footprint file, from its name (.geojson/.json or .kml). */
export function footprintFileFormat(fileName: string): FootprintFileFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.kml')) return 'kml';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  return null;
}

/**
 * Imports a GeoJSON or KML file into the store's project: all its footprints as one undo entry,
 * or, if any problem is found, nothing at all and the problems returned.
 */
export function importFootprintFile(
  store: ProjectStore,
  text: string,
  format: FootprintFileFormat,
  options: Omit<FootprintImportOptions, 'existingIds'>,
): Validated<Footprint[]> {
  const { project } = store.getSnapshot();
  const importOptions = { ...options, existingIds: new Set(project.footprints.map((f) => f.id)) };
  const read =
    format === 'kml'
      ? parseFootprintKml(text, importOptions)
      : parseFootprintGeoJson(text, importOptions);
  if (read.ok) store.dispatch(importFootprintsCommand(project, read.value));
  return read;
}

export interface OpenProjectOptions {
  /**
   * Ids of the projects kept in this browser, the open one among them. A file whose project has
   * one of these ids is opened as a copy under `newId()`, so it never overwrites a stored project
   * (the file may be an old save of a project edited since).
   */
  readonly storedIds?: ReadonlySet<string>;
  readonly newId?: () => string;
}

export interface OpenedProjectFile {
  readonly project: Project;
  /** The id the file gave the project when it was opened under a new one; null otherwise. */
  readonly copiedFromId: string | null;
}

/** Opens a .sitediff.json file in the store (not undoable); problems leave the store as it was. */
export function openProjectFile(
  store: ProjectStore,
  text: string,
  options: OpenProjectOptions = {},
): Validated<OpenedProjectFile> {
  const read = parseProjectFile(text);
  if (!read.ok) return read;
  const taken = options.storedIds?.has(read.value.id) ?? false;
  if (taken && !options.newId) throw new Error('A project id is taken but no new id was given.');
  const project = taken && options.newId ? { ...read.value, id: options.newId() } : read.value;
  store.load(project);
  return { ok: true, value: { project, copiedFromId: taken ? read.value.id : null } };
}
