// The project file (.sitediff.json) and the document autosaved to IndexedDB: image references,
// footprints, detected changes and their review, the view and notes. Version 1.
import { z } from 'zod';
import {
  defaultFootprintCategories,
  footprintSchema,
  isoDateSchema,
  isoDateTimeSchema,
  positionSchema,
} from './footprint.ts';

export const projectFormat = 'sitediff-project';
export const currentProjectVersion = 1;

export const imageRoles = ['before', 'after'] as const;
export type ImageRole = (typeof imageRoles)[number];

export const imageReferenceSchema = z
  .looseObject({
    role: z.enum(imageRoles),
    /** File name as the user chose it, or the last part of the URL. */
    name: z.string().min(1).max(1000),
    sizeBytes: z.number().int().nonnegative().nullable(),
    /** Lower-case hex SHA-256 of the file's bytes: how a local file is matched when asked again. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lower-case hex digits')
      .nullable(),
    url: z.url({ protocol: /^https?$/ }).nullable(),
    metadata: z.looseObject({
      date: isoDateSchema.nullable(),
      source: z.string().max(1000),
      credit: z.string().max(1000),
    }),
  })
  .refine((image) => image.sha256 !== null || image.url !== null, {
    message: 'an image reference needs a SHA-256 hash or a URL',
    path: ['sha256'],
  });

export const reviewStates = ['unreviewed', 'confirmed', 'dismissed'] as const;
export type ReviewState = (typeof reviewStates)[number];

const changeGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(positionSchema)) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(z.array(positionSchema))),
  }),
]);

/** A building-like part found inside a change region, as its oriented rectangle. */
export const footprintCandidateSchema = z.looseObject({
  areaSquareMetres: z.number().nonnegative(),
  /** Closed lon/lat ring of the rectangle. */
  ring: z.array(positionSchema).min(4),
});

export const detectedChangeSchema = z.looseObject({
  id: z.string().min(1).max(200),
  geometry: changeGeometrySchema,
  areaSquareMetres: z.number().nonnegative().nullable(),
  /** Change score of the region, as the detector reported it; null when not kept. */
  score: z.number().nullable(),
  review: z.enum(reviewStates),
  note: z.string().max(50_000),
  /** The footprint made from this change, if any. */
  footprintId: z.string().nullable(),
  /**
   * Share of its pixels found by their gain in structure (a new building's shape) rather than by
   * colour alone; absent in projects saved before it existed, null when that term was off.
   */
  structureShare: z.number().min(0).max(1).nullable().optional(),
  /** Its footprint candidates, largest first (absent in projects saved before they existed). */
  footprintCandidates: z.array(footprintCandidateSchema).optional(),
});

export const viewSchema = z.looseObject({
  centre: positionSchema,
  zoom: z.number().min(0).max(24),
  bearingDegrees: z.number(),
  pitchDegrees: z.number().min(0).max(85),
});

export const projectSchema = z
  .looseObject({
    format: z.literal(projectFormat),
    version: z.literal(currentProjectVersion),
    id: z.string().min(1).max(200),
    name: z.string().max(500),
    createdAt: isoDateTimeSchema,
    modifiedAt: isoDateTimeSchema,
    images: z.array(imageReferenceSchema).max(imageRoles.length),
    categories: z.array(z.string().min(1).max(200)),
    footprints: z.array(footprintSchema),
    changes: z.array(detectedChangeSchema),
    view: viewSchema.nullable(),
    notes: z.string().max(200_000),
  })
  .superRefine((project, context) => {
    const seen = new Set<string>();
    project.footprints.forEach((footprint, index) => {
      if (seen.has(footprint.id)) {
        context.addIssue({
          code: 'custom',
          message: `footprint id "${footprint.id}" is used twice`,
          path: ['footprints', index, 'id'],
        });
      }
      seen.add(footprint.id);
    });
    const roles = project.images.map((image) => image.role);
    if (new Set(roles).size !== roles.length) {
      context.addIssue({
        code: 'custom',
        message: 'two images with the same role',
        path: ['images'],
      });
    }
  });

export type Project = z.infer<typeof projectSchema>;
export type ImageReference = z.infer<typeof imageReferenceSchema>;
export type DetectedChange = z.infer<typeof detectedChangeSchema>;
export type MapView = z.infer<typeof viewSchema>;

/** An empty project; `now` is an ISO 8601 instant. */
export function emptyProject(id: string, name: string, now: string): Project {
  return {
    format: projectFormat,
    version: currentProjectVersion,
    id,
    name,
    createdAt: now,
    modifiedAt: now,
    images: [],
    categories: [...defaultFootprintCategories],
    footprints: [],
    changes: [],
    view: null,
    notes: '',
  };
}
