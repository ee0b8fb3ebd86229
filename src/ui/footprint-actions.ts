// What the footprint UI asks of the project store: new footprints, edits, all-or-nothing imports,
// and exports as downloads. The rules live in src/state; this file only wires them to the app.
import type { Polygon } from 'geojson';
import { describeProblems } from '../core/schema/problems.ts';
import { footprintsToGeoJson } from '../core/schema/footprint-geojson.ts';
import { footprintsToKml } from '../core/schema/footprint-kml.ts';
import type { Footprint } from '../core/schema/footprint.ts';
import {
  type ChangeFootprintShape,
  footprintFileFormat,
  footprintFromChangeCommand,
  importFootprintFile,
  newFootprint,
  nextFootprintColour,
} from '../state/footprint-actions.ts';
import { projectStore } from './project-store.ts';

export function addFootprint(geometry: Polygon, gsdMetres: number | null): Footprint | null {
  const { project } = projectStore.getSnapshot();
  const created = newFootprint({
    id: crypto.randomUUID(),
    geometry,
    now: new Date().toISOString(),
    label: `Footprint ${project.footprints.length + 1}`,
    colour: nextFootprintColour(project),
    gsdMetres,
  });
  if (!created.ok) return null;
  projectStore.dispatch({ type: 'addFootprint', footprint: created.value });
  return created.value;
}

/**
 * One click on a detected change: a footprint of its oriented rectangle or its outline, and the
 * change marked confirmed, as one undoable step. Returns the new footprint's id, or the problem.
 */
export function footprintFromChange(
  changeId: string,
  shape: ChangeFootprintShape,
  gsdMetres: number | null,
): { ok: true; id: string } | { ok: false; problem: string } {
  const { project } = projectStore.getSnapshot();
  const change = project.changes.find((c) => c.id === changeId);
  if (!change) return { ok: false, problem: 'This change is no longer in the project.' };
  const id = crypto.randomUUID();
  const command = footprintFromChangeCommand(change, shape, {
    id,
    now: new Date().toISOString(),
    label: `Change ${changeId.replace(/^change-/, '')}`,
    colour: nextFootprintColour(project),
    gsdMetres,
  });
  if (!command.ok) return { ok: false, problem: command.problems.map((p) => p.message).join('; ') };
  projectStore.dispatch(command.value);
  return { ok: true, id };
}

export function updateFootprint(id: string, changes: Partial<Omit<Footprint, 'id' | 'createdAt'>>) {
  projectStore.dispatch({
    type: 'updateFootprint',
    id,
    changes: { ...changes, modifiedAt: new Date().toISOString() },
  });
}

export function deleteFootprint(id: string) {
  projectStore.dispatch({ type: 'deleteFootprint', id });
}

export type ImportOutcome =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Imports a GeoJSON or KML file whole, or not at all: the project is untouched on any problem. */
export async function importFootprints(
  file: File,
  gsdMetres: number | null,
): Promise<ImportOutcome> {
  const format = footprintFileFormat(file.name);
  if (!format) {
    return { ok: false, problems: [`${file.name}: not a .geojson, .json or .kml file`] };
  }
  const read = importFootprintFile(projectStore, await file.text(), format, {
    now: new Date().toISOString(),
    newId: () => crypto.randomUUID(),
    gsdMetres,
  });
  return read.ok
    ? { ok: true, count: read.value.length }
    : { ok: false, problems: describeProblems(read.problems).split('\n') };
}

/** Offers text as a file download. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportFootprints(format: 'geojson' | 'kml') {
  const { project } = projectStore.getSnapshot();
  const base = (project.name || 'footprints').replace(/[^\w.-]+/g, '-');
  if (format === 'geojson') {
    const text = JSON.stringify(footprintsToGeoJson(project.footprints), null, 2);
    download(`${base}.geojson`, 'application/geo+json', text);
  } else {
    const text = footprintsToKml(project.footprints, project.name);
    download(`${base}.kml`, 'application/vnd.google-earth.kml+xml', text);
  }
}
