// site.json of the embedded demo site (fixtures/demo-site), written by its generator and read by
// the app. The site is synthetic: `synthetic` is the literal true so that no reader can drop it.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const sunSchema = z.object({
  /** Clockwise from true north, degrees. */
  azimuthDegrees: z.number().min(0).max(360),
  elevationDegrees: z.number().gt(0).max(90),
});

const imageSchema = z.object({
  file: z.string().regex(/^[\w.-]+\.tif$/, 'a file name in the site folder'),
  date: isoDate,
  /** Acquisition time, ISO 8601 UTC; the TIFF DateTime tag holds the same instant. */
  acquiredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bands: z.array(z.string()).min(1),
  dataType: z.enum(['Byte', 'UInt16']),
  /** Largest meaningful sample value: 255 for 8-bit, 4095 for 12-bit data in 16-bit samples. */
  maximumValue: z.number().int().positive(),
  /** GDAL order: originX, pixelWidth, 0, originY, 0, -pixelHeight (metres, EPSG:32652). */
  geoTransform: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]),
  sun: sunSchema,
});

export const demoSiteSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  synthetic: z.literal(true),
  credit: z.string().min(1),
  crs: z.literal('EPSG:32652'),
  pixelSizeMetres: z.number().positive(),
  before: imageSchema,
  after: imageSchema,
  /**
   * The misregistration built into after.tif: a feature that truly lies at (E, N) appears in
   * after.tif at (E + eastMetres, N + northMetres); columnPixels/rowPixels are the same shift in
   * pixels of before's grid (rows grow southwards). Co-registration should recover its negative.
   */
  trueShift: z.object({
    columnPixels: z.number(),
    rowPixels: z.number(),
    eastMetres: z.number(),
    northMetres: z.number(),
  }),
  /** Where after's top-left pixel corner falls in before's pixel grid (not whole pixels). */
  gridOffsetPixels: z.object({ columnPixels: z.number(), rowPixels: z.number() }),
  truth: z.string().regex(/^[\w.-]+\.geojson$/),
});

export type DemoSiteDescription = z.infer<typeof demoSiteSchema>;
