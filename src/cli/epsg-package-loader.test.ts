// The names the epsg-index package gives the fixtures' EPSG codes are GDAL's: the first name in
// each fixture's crsWkt (GDAL 3.6.2, WKT 2).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookUpEpsg } from '../core/georef/epsg-registry.ts';
import { loadEpsgFromPackage } from './epsg-package-loader.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'geotiff');

/** [EPSG code, GDAL's name] of every fixture whose GDAL WKT ends with an EPSG ID. */
const gdalNames = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.gdalinfo.json'))
  .flatMap((name) => {
    const wkt = (JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as { crsWkt?: string })
      .crsWkt;
    const code = wkt && /ID\["EPSG",(\d+)\]\]$/.exec(wkt);
    return code ? [[Number(code[1]), /^\w+\["([^"]+)"/.exec(wkt)![1]] as const] : [];
  });

describe('EPSG names from the epsg-index package', () => {
  it('finds the fixtures with EPSG codes', () => {
    expect(new Set(gdalNames.map(([code]) => code)).size).toBeGreaterThanOrEqual(4);
  });

  for (const [code, name] of new Map(gdalNames)) {
    it(`EPSG:${code} is "${name}", with WKT 1`, async () => {
      const entry = await lookUpEpsg(code, loadEpsgFromPackage);
      expect(entry?.name).toBe(name);
      expect(entry?.wkt).toMatch(
        new RegExp(
          `^(PROJCS|GEOGCS)\\["${name.replace(/[()]/g, '\\$&')}".*AUTHORITY\\["EPSG","${code}"\\]\\]$`,
        ),
      );
    });
  }

  it('has no entry for a code that is not in the registry', async () => {
    expect(await loadEpsgFromPackage(1)).toBeNull();
  });
});
