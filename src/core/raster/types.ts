// Shared raster vocabulary of src/core. Data types use GDAL's names so that what we read can be
// compared one to one with `gdalinfo`.

export type DataType =
  | 'Byte'
  | 'Int8'
  | 'UInt16'
  | 'Int16'
  | 'UInt32'
  | 'Int32'
  | 'UInt64'
  | 'Int64'
  | 'Float32'
  | 'Float64'
  | 'CInt16'
  | 'CInt32'
  | 'CFloat32'
  | 'CFloat64';

export type SampleArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export type ColorInterpretation =
  'Gray' | 'Red' | 'Green' | 'Blue' | 'Alpha' | 'NIR' | 'Palette' | 'Undefined';

/** A decoded raster in memory: one array per band, row-major, `width * height` samples each. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly bands: readonly SampleArray[];
  readonly dataType: DataType;
  /** GDAL's nodata value, shared by all bands (GeoTIFF has a single GDAL_NODATA tag). */
  readonly noData: number | null;
}
