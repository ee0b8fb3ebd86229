// End to end: the real `sitediff` command in a child process, over the demo site's truth and
// broken copies of it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { measureOutputSchema } from '../core/schema/measure-output.ts';

const repository = join(import.meta.dirname, '..', '..');
const truthPath = join(repository, 'fixtures', 'demo-site', 'truth.geojson');
const bin = join(repository, 'src', 'cli', 'bin.mjs');

async function sitediff(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: repository,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

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

  it('explains an unknown id and bad arguments', async () => {
    const unknown = await sitediff('measure', truthPath, '--compare', 'new-assembly', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no feature has id "nope" \(ids: .*main-assembly, /);
    const noGsd = await sitediff('measure', truthPath, '--gsd', 'fine');
    expect(noGsd.code).toBe(1);
    expect(noGsd.stderr).toMatch(/--gsd needs a ground sample distance/);
  });
});
