// The JSON that `sitediff measure --json` prints, so scripts can rely on its shape.
import { z } from 'zod';

export const measuredFeatureSchema = z.object({
  /** GeoJSON `id`, else `properties.id`, as text; null when the feature has neither. */
  id: z.string().nullable(),
  label: z.string(),
  areaSquareMetres: z.number().nonnegative(),
  perimeterMetres: z.number().nonnegative(),
  lengthMetres: z.number().nonnegative(),
  widthMetres: z.number().nonnegative(),
  /** Azimuth of the long side, degrees clockwise from true north, in [0, 180). */
  angleDegrees: z.number().min(0).lt(180),
  /** Present with --gsd: the outline shrunk and grown by half a pixel. */
  gsdMetres: z.number().positive().optional(),
  areaMinimumSquareMetres: z.number().nonnegative().optional(),
  areaMaximumSquareMetres: z.number().nonnegative().optional(),
});

export const measureOutputSchema = z.object({
  features: z.array(measuredFeatureSchema),
  comparison: z
    .object({
      idA: z.string(),
      idB: z.string(),
      /** Area of A over area of B. */
      ratio: z.number().positive(),
      ratioMinimum: z.number().nonnegative().optional(),
      /** null when B's outline could shrink to nothing at this GSD. */
      ratioMaximum: z.number().positive().nullable().optional(),
      direction: z.enum(['smaller', 'larger', 'same']),
      sentence: z.string(),
    })
    .optional(),
});

export type MeasureOutput = z.infer<typeof measureOutputSchema>;
