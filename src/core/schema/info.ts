// The JSON written by `sitediff info --json` (documented in the README). Non-finite nodata values
// are written as the strings "nan", "inf" and "-inf", which JSON cannot hold as numbers.
import { z } from 'zod';

export const INFO_SCHEMA_VERSION = 1;

const point = z.tuple([z.number(), z.number()]);
const corners = z.object({
  upperLeft: point,
  lowerLeft: point,
  upperRight: point,
  lowerRight: point,
  center: point,
});

export const jsonNumberSchema = z.union([
  z.number(),
  z.literal('nan'),
  z.literal('inf'),
  z.literal('-inf'),
]);

export const infoBandSchema = z.object({
  band: z.number().int().positive(),
  dataType: z.enum([
    'Byte',
    'Int8',
    'UInt16',
    'Int16',
    'UInt32',
    'Int32',
    'UInt64',
    'Int64',
    'Float32',
    'Float64',
    'CInt16',
    'CInt32',
    'CFloat32',
    'CFloat64',
  ]),
  noData: jsonNumberSchema.nullable(),
  colorInterpretation: z.string(),
  scale: z.number().nullable(),
  offset: z.number().nullable(),
  description: z.string().nullable(),
  /** GDAL's checksum; null unless --checksum was asked for. */
  checksum: z.number().int().min(0).max(65535).nullable(),
  /** GDAL's checksum of each overview, largest first; null unless --checksum was asked for. */
  overviewChecksums: z.array(z.number().int().min(0).max(65535)).nullable().default(null),
});

export const infoSchema = z.object({
  version: z.literal(INFO_SCHEMA_VERSION),
  file: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bandCount: z.number().int().positive(),
  bands: z.array(infoBandSchema),
  crs: z
    .object({
      epsg: z.number().int().nullable(),
      /** The EPSG registry's name for an EPSG code (from epsg-index); the citation otherwise. */
      name: z.string(),
      proj4: z.string(),
      /**
       * OGC WKT 1 of an EPSG code, from the registry (gdalinfo prints WKT 2 of the same CRS). Null
       * for a user-defined CRS: proj4js cannot write WKT and we do not write it from GeoKeys.
       */
      wkt: z.string().nullable(),
      isGeographic: z.boolean(),
    })
    .nullable(),
  /** GDAL order: originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight. */
  geoTransform: z
    .tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()])
    .nullable(),
  areaOrPoint: z.enum(['Area', 'Point']),
  gcpCount: z.number().int().min(0),
  /**
   * For a file with GCPs and no geotransform: the least-squares affine fit of its GCPs (as GDAL's
   * GDALGCPsToGeoTransform) and how far the GCPs lie from it. It places the image approximately;
   * null when there is a geotransform, or fewer than three or collinear GCPs.
   */
  gcpFit: z
    .object({
      geoTransform: z.tuple([
        z.number(),
        z.number(),
        z.number(),
        z.number(),
        z.number(),
        z.number(),
      ]),
      rmsResidualPixels: z.number().min(0),
      maxResidualPixels: z.number().min(0),
      /** In the CRS's units: metres for most projected CRSs, degrees for geographic ones. */
      rmsResidualCrsUnits: z.number().min(0),
    })
    .nullable()
    .default(null),
  /** Image corners in the file's CRS and in WGS 84 longitude/latitude (null when unknown). */
  corners: z.object({ crs: corners, lonLat: corners.nullable() }).nullable(),
  /** Overview sizes, largest first: the file's own, else those of its external `.ovr` (as GDAL). */
  overviews: z.array(point),
  /** The `FILE.ovr` the overviews were read from, or null when they are internal or absent. */
  externalOverviewsFile: z.string().nullable().default(null),
  compression: z.string().nullable(),
  interleave: z.enum(['PIXEL', 'BAND']),
  tileSize: point,
  acquisitionDate: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
});

export type InfoJson = z.infer<typeof infoSchema>;
