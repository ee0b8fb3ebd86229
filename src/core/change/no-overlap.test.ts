import { describe, expect, it } from 'vitest';
import { utm52 } from '../../../tests/bench/synthetic-pair.ts';
import { NoOverlapError, prepareChanges, type GeoImage } from './detect-changes.ts';
import { crsTransformer, type Crs } from '../georef/crs.ts';
import type { GeoTransform } from '../georef/affine.ts';

const wgs84: Crs = {
  epsg: 4326,
  proj4: '+proj=longlat +datum=WGS84 +no_defs',
  wkt: null,
  name: 'WGS 84',
  isGeographic: true,
  unitScale: [1, 1],
};

const size = 64;
const image = (geoTransform: GeoTransform, crs: Crs, fill = 120, noData: number | null = null) => {
  const band = () => new Uint8Array(size * size).map((_, i) => (fill === 0 ? 0 : fill + (i % 7)));
  return {
    width: size,
    height: size,
    bands: [band(), band(), band()],
    noData,
    colorInterpretations: ['Red', 'Green', 'Blue'],
    geoTransform,
    crs,
  } satisfies GeoImage;
};

const failure = (before: GeoImage, after: GeoImage) => {
  try {
    prepareChanges(before, after);
  } catch (error) {
    return error;
  }
  return null;
};

describe('images that do not overlap', () => {
  const before = image([371000, 0.5, 0, 4418000, 0, -0.5], utm52);

  it('says how far apart they are and which way, so a wrong file or CRS shows', () => {
    const error = failure(before, image([421000, 0.5, 0, 4418000, 0, -0.5], utm52));
    expect(error).toBeInstanceOf(NoOverlapError);
    expect((error as Error).message).toBe(
      "The before and after images do not overlap: the after image's centre lies 50 km east of " +
        "the before image's. Check that both show the same site and that each has the right CRS.",
    );
  });

  it('measures the gap on the ellipsoid when the two CRSs differ', () => {
    // After in longitude and latitude, its centre 0.01° of latitude (about 1 110 m) north of
    // before's.
    const [lon, lat] = crsTransformer(utm52, 'EPSG:4326').forward([371016, 4417984]);
    const step = 0.000006;
    const error = failure(
      before,
      image([lon - 32 * step, step, 0, lat + 0.01 + 32 * step, 0, -step], wgs84),
    );
    expect(error).toBeInstanceOf(NoOverlapError);
    expect((error as Error).message).toMatch(/centre lies 1\.[01] km north of the before image's/);
  });

  it('tells an overlap without data in common from no overlap at all', () => {
    const error = failure(before, image([371000, 0.5, 0, 4418000, 0, -0.5], utm52, 0, 0));
    expect(error).toBeInstanceOf(NoOverlapError);
    expect((error as Error).message).toMatch(/overlap only where one of them has no data/);
  });
});
