// Footprints as RFC 7946 GeoJSON, out and in. Export writes the annotation and the measurements as
// properties; import reads our own files and other tools' (label from name/title, note from
// description, colour from simplestyle "stroke"/"fill"), all or nothing.
import { rewind } from '@turf/rewind';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { measureFootprint } from '../measure/footprint-measurement.ts';
import { readFootprintFeatures, featureName, type FootprintFeature } from './footprint-features.ts';
import {
  colourSchema,
  footprintSchema,
  isoDateTimeSchema,
  observedOnValues,
  type Footprint,
  type ObservedOn,
} from './footprint.ts';
import {
  formatPath,
  parseJson,
  problemsFromZod,
  type Problem,
  type Validated,
} from './problems.ts';

export interface FootprintImportOptions {
  /** ISO 8601 instant for footprints that carry no times. */
  readonly now: string;
  /** A fresh id, for features without one or whose id is already taken. */
  readonly newId: () => string;
  /** Ids already in the project. */
  readonly existingIds?: ReadonlySet<string>;
  /** GSD of the imagery, metres, for features that do not say what they were drawn at. */
  readonly gsdMetres?: number | null;
  readonly defaultColour?: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Turns one validated outline and its properties into a footprint (still to be validated). */
export function footprintFromFeature(
  feature: FootprintFeature,
  options: FootprintImportOptions,
  takenIds: Set<string>,
): Record<string, unknown> {
  const p = feature.properties;
  const id = feature.id !== null && !takenIds.has(feature.id) ? feature.id : options.newId();
  takenIds.add(id);
  const colour = [p.colour, p.stroke, p.fill].find((c) => colourSchema.safeParse(c).success);
  const time = (value: unknown) =>
    isoDateTimeSchema.safeParse(value).success ? value : options.now;
  const gsd = typeof p.gsdMetres === 'string' ? Number(p.gsdMetres) : p.gsdMetres;
  return {
    id,
    label: feature.label,
    note: text(p.note) ?? text(p.description) ?? '',
    category: text(p.category)?.trim() || 'other',
    observedOn: observedOnValues.includes(p.observedOn as ObservedOn) ? p.observedOn : 'both',
    colour: colour ?? options.defaultColour ?? '#e6550d',
    createdAt: time(p.createdAt),
    modifiedAt: time(p.modifiedAt),
    geometry: feature.geometry,
    gsdMetres:
      typeof gsd === 'number' && gsd > 0 && Number.isFinite(gsd)
        ? gsd
        : (options.gsdMetres ?? null),
  };
}

/** Footprints from already-read outlines, all valid or none. */
export function footprintsFromFeatures(
  features: readonly FootprintFeature[],
  options: FootprintImportOptions,
  pathOf: (feature: FootprintFeature) => (string | number)[],
): Validated<Footprint[]> {
  const takenIds = new Set(options.existingIds ?? []);
  const problems: Problem[] = [];
  const footprints: Footprint[] = [];
  for (const feature of features) {
    const parsed = footprintSchema.safeParse(footprintFromFeature(feature, options, takenIds));
    if (parsed.success) {
      footprints.push(parsed.data);
      continue;
    }
    const name = featureName(feature.index, feature.id, feature.label);
    for (const problem of problemsFromZod(parsed.error)) {
      const path = formatPath([...pathOf(feature), 'properties']);
      problems.push({
        path: problem.path ? `${path}.${problem.path}` : path,
        message: `${name}: ${problem.message}`,
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: footprints };
}

/** Footprints from a parsed GeoJSON FeatureCollection or Feature. */
export function footprintsFromGeoJson(
  input: unknown,
  options: FootprintImportOptions,
): Validated<Footprint[]> {
  const read = readFootprintFeatures(input);
  if (!read.ok) return read;
  const isCollection = (input as { type?: unknown }).type === 'FeatureCollection';
  return footprintsFromFeatures(read.value, options, (f) =>
    isCollection ? ['features', f.index] : [],
  );
}

/** Reads the text of a GeoJSON file. */
export function parseFootprintGeoJson(
  text: string,
  options: FootprintImportOptions,
): Validated<Footprint[]> {
  return parseJson(text, (input) => footprintsFromGeoJson(input, options));
}

/**
 * RFC 7946 FeatureCollection of the footprints: exterior rings counter-clockwise (§3.1.6), no
 * "crs" member (§4), measurements rounded to what the imagery supports (centimetres).
 */
export function footprintsToGeoJson(footprints: readonly Footprint[]): FeatureCollection<Polygon> {
  const centimetres = (value: number) => Math.round(value * 100) / 100;
  const features = footprints.map((footprint): Feature<Polygon> => {
    const { geometry, id, ...annotation } = footprint;
    const measurement = measureFootprint(geometry, { gsdMetres: footprint.gsdMetres });
    return {
      type: 'Feature',
      id,
      properties: {
        id,
        ...annotation,
        areaSquareMetres: centimetres(measurement.areaSquareMetres),
        perimeterMetres: centimetres(measurement.perimeterMetres),
        lengthMetres: centimetres(measurement.lengthMetres),
        widthMetres: centimetres(measurement.widthMetres),
        ...(measurement.areaRange && {
          areaMinimumSquareMetres: centimetres(measurement.areaRange.minimumSquareMetres),
          areaMaximumSquareMetres: centimetres(measurement.areaRange.maximumSquareMetres),
        }),
      },
      geometry: rewind(geometry, { reverse: false }) as Polygon,
    };
  });
  return { type: 'FeatureCollection', features };
}
