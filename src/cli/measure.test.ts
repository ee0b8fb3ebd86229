// End to end: the real `sitediff` command in a child process, over the demo site's truth and
// broken copies of it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureOutputSchema } from '../core/schema/measure-output.ts';
import { repositoryRoot, runSitediff } from './sitediff-process.ts';

const repository = repositoryRoot;
const truthPath = join(repository, 'fixtures', 'demo-site', 'truth.geojson');

const sitediff = runSitediff;

function writeVariant(
  change: (collection: {
    features: {
      id?: string;
      properties: Record<string, unknown>;
      geometry: { coordinates: number[][][] };
    }[];
  }) => void,
) {
  const collection = JSON.parse(readFileSync(truthPath, 'utf8'));
  change(collection);
  const path = join(mkdtempSync(join(tmpdir(), 'sitediff-measure-')), 'footprints.geojson');
  writeFileSync(path, JSON.stringify(collection));
  return path;
}

describe('sitediff measure', () => {
  it('prints JSON measurements, ranges and the comparison', async () => {
    const { code, stdout } = await sitediff(
      'measure',
      truthPath,
      '--json',
      '--gsd',
      '0.5',
      '--compare',
      'new-assembly',
      'main-assembly',
    );
    expect(code).toBe(0);
    const output = measureOutputSchema.parse(JSON.parse(stdout));
    const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
    expect(output.features).toHaveLength(truth.features.length);
    const main = output.features.find((feature) => feature.id === 'main-assembly')!;
    // The generator wrote each area rounded to centimetres²; the rectangle is 120 × 55 m.
    expect(main.areaSquareMetres).toBeCloseTo(
      truth.features.find(
        (f: { properties: { id: string } }) => f.properties.id === 'main-assembly',
      ).properties.areaSquareMetres,
      1,
    );
    expect(main.lengthMetres).toBeCloseTo(120, 0);
    expect(main.widthMetres).toBeCloseTo(55, 0);
    expect(main.areaMinimumSquareMetres ?? Infinity).toBeLessThan(main.areaSquareMetres);
    expect(main.areaMaximumSquareMetres ?? 0).toBeGreaterThan(main.areaSquareMetres);
    expect(output.comparison?.direction).toBe('smaller');
    expect(output.comparison?.sentence).toMatch(
      /^The New assembly building \(under construction\)'s footprint is 65% \(6\d–6\d%\) the size of the Main assembly building's — about 35% smaller\.$/,
    );
  });

  it('prints readable text with the sentence last', async () => {
    const path = writeVariant((collection) => {
      collection.features = collection.features.filter((f) => f.properties.id === 'main-assembly');
      collection.features[0].properties.label = 'main hall';
    });
    const { code, stdout } = await sitediff('measure', path);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^main-assembly "main hall"\n {2}area {7}6,602\.6 m²\n/);
    expect(stdout).not.toMatch(/GSD/);
  });

  it('names the feature with invalid geometry and exits 1', async () => {
    const path = writeVariant((collection) => {
      const feature = collection.features.find((f) => f.properties.id === 'new-assembly');
      const ring = feature!.geometry.coordinates[0];
      [ring[1], ring[2]] = [ring[2], ring[1]];
    });
    const { code, stderr, stdout } = await sitediff('measure', path);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /features\[\d+\]\.geometry\.coordinates: feature \d+ "New assembly building \(under construction\)" \(id "new-assembly"\): ring 1 crosses itself/,
    );
  });

  it('finds features by their top-level GeoJSON id as well as properties.id', async () => {
    const path = writeVariant((collection) => {
      const main = collection.features.find((f) => f.properties.id === 'main-assembly')!;
      delete main.properties.id;
      main.id = 'hall-1';
    });
    const { code, stdout } = await sitediff(
      'measure',
      path,
      '--json',
      '--compare',
      'new-assembly',
      'hall-1',
    );
    expect(code).toBe(0);
    const output = measureOutputSchema.parse(JSON.parse(stdout));
    expect(output.features.map((f) => f.id)).toContain('hall-1');
    expect(output.features.find((f) => f.id === 'hall-1')?.lengthMetres).toBeCloseTo(120, 0);
    expect(output.comparison?.sentence).toMatch(/about 35% smaller\.$/);
  });

  // Each broken copy changes the new assembly building only; the message names it and says why.
  const brokenNewAssembly = async (
    breakRing: (ring: number[][]) => number[][],
  ): Promise<{ code: number; stdout: string; stderr: string }> => {
    const path = writeVariant((collection) => {
      const feature = collection.features.find((f) => f.properties.id === 'new-assembly')!;
      feature.geometry.coordinates[0] = breakRing(feature.geometry.coordinates[0]);
    });
    return sitediff('measure', path);
  };
  const namesNewAssembly =
    /feature \d+ "New assembly building \(under construction\)" \(id "new-assembly"\)/;

  it('explains an unclosed ring', async () => {
    const { code, stdout, stderr } = await brokenNewAssembly((ring) => ring.slice(0, -1));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(namesNewAssembly);
    expect(stderr).toMatch(/ring 1 is not closed: its last position \(.*\) must repeat its first/);
  });

  it('explains coordinates in [latitude, longitude] order', async () => {
    const { code, stderr } = await brokenNewAssembly((ring) =>
      ring.map(([lon, lat]) => [lat, lon]),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(namesNewAssembly);
    expect(stderr).toMatch(
      /look like \[latitude, longitude\]; GeoJSON order is \[longitude, latitude\]/,
    );
  });

  it('explains projected coordinates (UTM metres instead of degrees)', async () => {
    // The demo site in WGS 84 / UTM 52N is about 542 km east, 4417 km north.
    const { code, stderr } = await brokenNewAssembly((ring) =>
      ring.map(([lon, lat]) => [
        542_000 + (lon - 127.5) * 85_000,
        4_417_000 + (lat - 39.9) * 111_000,
      ]),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(namesNewAssembly);
    expect(stderr).toMatch(
      /look like projected metres, not longitude\/latitude degrees.*reproject it/,
    );
  });

  it('explains an unknown id and bad arguments', async () => {
    const unknown = await sitediff('measure', truthPath, '--compare', 'new-assembly', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no feature has id "nope" \(ids: .*main-assembly, /);
    const noGsd = await sitediff('measure', truthPath, '--gsd', 'fine');
    expect(noGsd.code).toBe(1);
    expect(noGsd.stderr).toMatch(/--gsd needs a ground sample distance/);
  });
});
