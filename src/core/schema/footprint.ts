// A footprint: an outline an analyst drew (or took from a detected change) with its annotation.
import { z } from 'zod';
import { footprintGeometryProblems } from './footprint-geometry.ts';

/** The categories a new project starts with; each project keeps its own editable list. */
export const defaultFootprintCategories: readonly string[] = [
  'assembly building',
  'housing',
  'workshop',
  'tunnel entrance',
  'vehicles/materials',
  'other',
];

export const observedOnValues = ['before', 'after', 'both'] as const;
export type ObservedOn = (typeof observedOnValues)[number];

export const isoDateTimeSchema = z.iso.datetime({ offset: true });
export const isoDateSchema = z.iso.date();

/** [longitude, latitude] in degrees, an optional altitude after them (RFC 7946 §3.1.1). */
export const positionSchema = z
  .array(z.number())
  .min(2, 'a position is [longitude, latitude]')
  .max(3, 'a position is [longitude, latitude] or [longitude, latitude, altitude]');

/** An RFC 7946 Polygon in WGS 84 lon/lat that can be measured as a footprint. */
export const footprintGeometrySchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(positionSchema)),
  })
  .superRefine((geometry, context) => {
    for (const message of footprintGeometryProblems(geometry.coordinates)) {
      context.addIssue({ code: 'custom', message, path: ['coordinates'] });
    }
  });

export const colourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

// Loose objects keep fields a newer sitediff wrote, so opening and saving loses nothing.
export const footprintSchema = z.looseObject({
  id: z.string().min(1).max(200),
  /** Free text from the user or an imported file: shown as text, never as HTML. */
  label: z.string().max(500),
  note: z.string().max(50_000),
  category: z.string().min(1).max(200),
  observedOn: z.enum(observedOnValues),
  colour: colourSchema,
  createdAt: isoDateTimeSchema,
  modifiedAt: isoDateTimeSchema,
  geometry: footprintGeometrySchema,
  /** Ground sample distance of the image it was drawn on, metres; null when not known. */
  gsdMetres: z.number().positive().nullable(),
});

export type Footprint = z.infer<typeof footprintSchema>;
export type FootprintGeometry = z.infer<typeof footprintGeometrySchema>;
