// Measurements of the project's footprints for the list panel and the compare box. Footprints are
// immutable values (every edit makes a new object), so a measurement is cached per footprint
// object: re-rendering a long list does not redo the outline offsets behind each area range.
import { compareFootprints, type FootprintComparison } from '../core/measure/compare.ts';
import {
  measureFootprint,
  type FootprintMeasurement,
} from '../core/measure/footprint-measurement.ts';
import type { Footprint } from '../core/schema/footprint.ts';
import type { Project } from '../core/schema/project.ts';

const cache = new WeakMap<Footprint, FootprintMeasurement>();

/** Area (with its range when the footprint's GSD is known), perimeter, length × width. */
export function footprintMeasurement(footprint: Footprint): FootprintMeasurement {
  let measurement = cache.get(footprint);
  if (!measurement) {
    measurement = measureFootprint(footprint.geometry, { gsdMetres: footprint.gsdMetres });
    cache.set(footprint, measurement);
  }
  return measurement;
}

/** The comparison of footprint A with footprint B of the project, or null if either is missing. */
export function compareProjectFootprints(
  project: Project,
  idA: string,
  idB: string,
): FootprintComparison | null {
  const a = project.footprints.find((footprint) => footprint.id === idA);
  const b = project.footprints.find((footprint) => footprint.id === idB);
  if (!a || !b) return null;
  return compareFootprints(
    { label: a.label || a.id, ...footprintMeasurement(a) },
    { label: b.label || b.id, ...footprintMeasurement(b) },
  );
}
