import { describe, expect, it } from 'vitest';
import type { Crs } from './crs.ts';
import {
  crsWithRegistryEntry,
  lookUpEpsg,
  parseEpsgEntry,
  type EpsgLoader,
} from './epsg-registry.ts';

const laea = {
  code: '3035',
  kind: 'CRS-PROJCRS',
  name: 'ETRS89-extended / LAEA Europe',
  wkt: 'PROJCS["ETRS89-extended / LAEA Europe",...]',
  proj4: '+proj=laea',
  area: 'Europe',
};
const registry: EpsgLoader = async (code) => (code === 3035 ? laea : null);

const crs = (epsg: number | null): Crs => ({
  epsg,
  proj4: '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +no_defs',
  wkt: null,
  name: epsg === null ? 'LAEA from the citation' : `EPSG:${epsg}`,
  isGeographic: false,
  unitScale: [1, 1],
});

describe('EPSG registry', () => {
  it('names a known code and gives its WKT, asking the loader for that code only', async () => {
    const asked: number[] = [];
    const named = await crsWithRegistryEntry(
      crs(3035),
      (code) => (asked.push(code), registry(code)),
    );
    expect(asked).toEqual([3035]);
    expect(named.name).toBe('ETRS89-extended / LAEA Europe');
    expect(named.wkt).toBe(laea.wkt);
    expect(named.proj4).toBe(crs(3035).proj4);
  });

  it('leaves a user-defined CRS, an unknown code and a failing loader as they were', async () => {
    let asked = 0;
    const counting: EpsgLoader = (code) => (asked++, registry(code));
    expect(await crsWithRegistryEntry(crs(null), counting)).toEqual(crs(null));
    expect(asked).toBe(0);
    expect(await crsWithRegistryEntry(crs(9999), counting)).toEqual(crs(9999));
    const failing: EpsgLoader = () => Promise.reject(new Error('offline'));
    expect(await crsWithRegistryEntry(crs(3035), failing)).toEqual(crs(3035));
  });

  it('takes only a CRS entry of the code asked for', async () => {
    expect(parseEpsgEntry(3035, laea)?.name).toBe('ETRS89-extended / LAEA Europe');
    expect(parseEpsgEntry(3036, laea)).toBeNull();
    expect(parseEpsgEntry(7019, { ...laea, code: '7019', kind: 'ELLIPSOID' })).toBeNull();
    expect(parseEpsgEntry(3035, { ...laea, wkt: '' })?.wkt).toBeNull();
    expect(parseEpsgEntry(3035, 'not json')).toBeNull();
    expect(await lookUpEpsg(-1, registry)).toBeNull();
  });
});
