import { describe, expect, it } from 'vitest';
import { crsFromGeoKeys, crsTransformer } from './crs.ts';

describe('crsFromGeoKeys and crsTransformer', () => {
  it('describes an EPSG-coded UTM zone and transforms to lon/lat and back', () => {
    const crs = crsFromGeoKeys({
      GTModelTypeGeoKey: 1,
      GTRasterTypeGeoKey: 1,
      ProjectedCSTypeGeoKey: 32652,
    })!;
    expect(crs.epsg).toBe(32652);
    expect(crs.name).toBe('WGS 84 / UTM zone 52N');
    expect(crs.isGeographic).toBe(false);
    const toLonLat = crsTransformer(crs, 'EPSG:4326');
    // The central meridian of zone 52 is 129°E: easting 500 000 m lies on it.
    const [lon, lat] = toLonLat.forward([500000, 4420000]);
    expect(lon).toBeCloseTo(129, 9);
    expect(lat).toBeGreaterThan(39.9);
    expect(lat).toBeLessThan(40);
    const [x, y] = toLonLat.inverse([lon, lat]);
    expect(x).toBeCloseTo(500000, 6);
    expect(y).toBeCloseTo(4420000, 6);
  });

  it('reads coordinates in the units of a CRS in US survey feet', () => {
    // NAD83 / California zone 3 (ftUS), EPSG:2227: the false origin (2 000 000 m, 500 000 m) lies
    // at 120°30'W, 36°30'N; 1 ftUS = 1200/3937 m.
    const crs = crsFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 2227 })!;
    const toLonLat = crsTransformer(crs, 'EPSG:4326');
    const [lon, lat] = toLonLat.forward([(2000000 * 3937) / 1200, (500000 * 3937) / 1200]);
    expect(lon).toBeCloseTo(-120.5, 7);
    expect(lat).toBeCloseTo(36.5, 7);
  });

  it('has no CRS without GeoKeys that name one', () => {
    expect(crsFromGeoKeys({})).toBeNull();
  });
});
