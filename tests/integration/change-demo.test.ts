// The change pipeline over the generated demo site (fixtures/demo-site, `npm run fixtures`): the
// misregistration built into `after` is recovered, and the new, removed and unchanged things of
// truth.geojson are or are not found.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  area,
  booleanIntersects,
  buffer,
  featureCollection,
  intersect,
  polygon,
  union,
} from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectChanges,
  extractChanges,
  geoImageOf,
  histogramOf,
  type ChangeResult,
  type GeoImage,
  type PreparedChanges,
} from '../../src/core/change/detect-changes.ts';
import { scoreHistogram } from '../../src/core/change/threshold.ts';
import { openGeoTiff } from '../../src/core/raster/open-geotiff.ts';
import { detectCommand, parseDetectArguments } from '../../src/cli/detect.ts';

const site = resolve(import.meta.dirname, '../../fixtures/demo-site');

async function readImage(name: string): Promise<GeoImage> {
  const path = join(site, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run fixtures\` first.`);
  const bytes = readFileSync(path);
  const image = await openGeoTiff(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  return geoImageOf(image.info, await image.readRaster())!;
}

/** Share of `footprint` covered by the union of the detected regions. */
function coveredShare(footprint: Feature<Polygon>, regions: FeatureCollection<Polygon>): number {
  let covered = 0;
  for (const region of regions.features) {
    const overlap = intersect(featureCollection([footprint, region]));
    if (overlap) covered += area(overlap);
  }
  return covered / area(footprint);
}

/** Intersection over union of two polygons (geodesic areas). */
function intersectionOverUnion(a: Feature<Polygon>, b: Feature<Polygon>): number {
  const overlap = intersect(featureCollection([a, b]));
  return overlap ? area(overlap) / area(union(featureCollection([a, b]))!) : 0;
}

describe('change detection on the demo site', () => {
  let before: GeoImage;
  let prepared: PreparedChanges;
  let result: ChangeResult;
  let truth: FeatureCollection<Polygon, { id: string; status: string }>;
  let trueShift: { columnPixels: number; rowPixels: number };

  beforeAll(async () => {
    before = await readImage('before.tif');
    const after = await readImage('after.tif');
    ({ prepared, result } = detectChanges(before, after));
    truth = JSON.parse(readFileSync(join(site, 'truth.geojson'), 'utf8'));
    trueShift = JSON.parse(readFileSync(join(site, 'site.json'), 'utf8')).trueShift;
  }, 120_000);

  it('recovers the built-in misregistration within 0.1 px', () => {
    const { x, y } = prepared.coregistration.shiftPixels;
    expect(Math.hypot(x - trueShift.columnPixels, y - trueShift.rowPixels)).toBeLessThan(0.1);
    expect(prepared.coregistration.confidence).toBeGreaterThan(0.5);
  });

  it('matches R, G, B of both images and reports the pixel size in metres', () => {
    expect(prepared.normalisation.bands).toHaveLength(3);
    expect(prepared.pixelSizeMetres.x).toBeCloseTo(0.5, 2);
  });

  it('covers the new assembly building, the housing blocks and the removed crane', () => {
    const byId = (id: string) => truth.features.find((f) => f.properties.id === id)!;
    expect(coveredShare(byId('new-assembly'), result.regions)).toBeGreaterThan(0.8);
    expect(coveredShare(byId('bridge-crane'), result.regions)).toBeGreaterThan(0.8);
    for (let block = 1; block <= 6; block++)
      expect(coveredShare(byId(`housing-${block}`), result.regions)).toBeGreaterThan(0.8);
  });

  it('leaves the main assembly building, which did not change, mostly unflagged', () => {
    const main = truth.features.find((f) => f.properties.id === 'main-assembly')!;
    expect(coveredShare(main, result.regions)).toBeLessThan(0.3);
  });

  it('gives every region its measures in metres and a valid oriented rectangle', () => {
    expect(result.regions.features.length).toBeGreaterThan(0);
    for (const region of result.regions.features) {
      const p = region.properties;
      expect(p.areaSquareMetres).toBeGreaterThan(0);
      expect(p.perimeterMetres).toBeGreaterThan(0);
      expect(p.orientedRectangle.lengthMetres).toBeGreaterThanOrEqual(
        p.orientedRectangle.widthMetres,
      );
      expect(p.structureShare).toBeGreaterThanOrEqual(0);
      expect(p.structureShare).toBeLessThanOrEqual(1);
      // A region cannot be larger than its enclosing rectangle.
      expect(p.areaSquareMetres).toBeLessThanOrEqual(
        p.orientedRectangle.lengthMetres * p.orientedRectangle.widthMetres * 1.001,
      );
    }
  });

  it('says how much of each region gained structure, and nothing when that term is off', () => {
    const newBuilding = truth.features.find((f) => f.properties.id === 'new-assembly')!;
    const host = result.regions.features.filter(
      (region) => intersect(featureCollection<Polygon>([region, newBuilding])) !== null,
    );
    expect(host.length).toBeGreaterThan(0);
    // Measured 0.47: the roofed half and the frame gained structure, the yard did not.
    expect(Math.max(...host.map((region) => region.properties.structureShare!))).toBeGreaterThan(
      0.3,
    );
    const colourOnly = extractChanges(prepared, { structureThreshold: Infinity });
    expect(colourOnly.structure).toBeNull();
    expect(colourOnly.regions.features.every((r) => r.properties.structureShare === null)).toBe(
      true,
    );
  });

  it('finds no change between an image and a re-exposed, noisier copy of itself', () => {
    let state = 3;
    const noise = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32 - 0.5;
    };
    const copy: GeoImage = {
      ...before,
      bands: before.bands.map((band) =>
        Uint16Array.from(band, (v) => Math.max(0, Math.round(v * 13.5 + 180 + noise() * 40))),
      ),
    };
    const unchanged = detectChanges(before, copy);
    expect(unchanged.result.regions.features).toHaveLength(0);
    expect(
      Math.hypot(
        unchanged.prepared.coregistration.shiftPixels.x,
        unchanged.prepared.coregistration.shiftPixels.y,
      ),
    ).toBeLessThan(0.05);
  }, 120_000);

  // The regions themselves also hold the construction yard and the housing compound's new ground;
  // the footprint candidates inside them are what must fit the buildings.
  it('fits the new assembly building and each housing block with IoU ≥ 0.8', () => {
    const rectangles = result.regions.features.flatMap((region) =>
      region.properties.footprintCandidates.map((candidate) =>
        polygon([candidate.orientedRectangle.ring]),
      ),
    );
    const ids = ['new-assembly', ...[1, 2, 3, 4, 5, 6].map((block) => `housing-${block}`)];
    for (const id of ids) {
      const footprint = truth.features.find((f) => f.properties.id === id)!;
      const best = Math.max(0, ...rectangles.map((r) => intersectionOverUnion(footprint, r)));
      expect(best, id).toBeGreaterThanOrEqual(0.8);
    }
  });

  // The vegetation mask's part of the nuisance (see docs/benchmarks.md, "Demo site").
  it('leaves out what is vegetated on the after date: crowns that turned colour, shadows on grass', () => {
    const changed = truth.features
      .filter((f) => f.properties.status !== 'existing')
      .map((f) => buffer(f, 2, { units: 'meters' })!);
    // Regions that touch nothing new or removed: nuisance.
    const nuisance = (r: ChangeResult) =>
      r.regions.features
        .filter((region) => !changed.some((f) => booleanIntersects(region, f)))
        .map((region) => region.properties.areaSquareMetres);
    const withMask = nuisance(result);
    const without = nuisance(extractChanges(prepared, { excludeVegetation: false }));
    expect(prepared.vegetation).not.toBeNull();
    expect(result.vegetation!.ndviThreshold).toBe(0.2);
    // The after image's fields, forest and lawns: about three quarters of the site.
    expect(prepared.vegetation!.fraction).toBeGreaterThan(0.6);
    expect(prepared.vegetation!.fraction).toBeLessThan(0.85);
    // Measured: without the mask 45 nuisance regions (32 over 100 m²), the largest 4 416 m² (tree
    // clumps, a tree row); with it 30 (7 over 100 m²), the largest 896 m² (moved shadows of
    // buildings on bare ground).
    expect(Math.max(...without)).toBeGreaterThan(2000);
    expect(Math.max(0, ...withMask)).toBeLessThan(1000);
    expect(withMask.filter((a) => a > 100).length).toBeLessThan(
      without.filter((a) => a > 100).length / 2,
    );
  });

  it('re-thresholds on the histogram of its first run, to the same result', () => {
    // The run in beforeAll made and kept it; a fresh one from the score is equal to it.
    const kept = histogramOf(prepared);
    expect(histogramOf(prepared)).toBe(kept);
    expect(kept).toEqual(scoreHistogram(prepared.score, 1024, prepared.scoreRange));
    const again = extractChanges(prepared, {});
    expect(again.threshold).toEqual(result.threshold);
    expect(again.regions.features.length).toBe(result.regions.features.length);
    expect(histogramOf(prepared)).toBe(kept);
    // Otsu reads the same histogram, and leaves it as it was.
    expect(extractChanges(prepared, { threshold: 'otsu' }).threshold.method).toBe('otsu');
    expect(kept).toEqual(scoreHistogram(prepared.score, 1024, prepared.scoreRange));
  });

  // Not met yet (docs/benchmarks.md): 30 regions remain, the largest 896 m², mostly shadows that
  // moved with the sun across concrete and asphalt.
  it.todo('produces no nuisance polygon (shadow, vegetation) larger than a small shed');
});

describe('sitediff detect', () => {
  it('parses its options into pipeline options', () => {
    const parsed = parseDetectArguments([
      'b.tif',
      'a.tif',
      '--out',
      'o',
      '--threshold',
      '0.8',
      '--min-area',
      '50',
      '--no-align',
    ]);
    expect(parsed.options).toEqual({ threshold: 0.8, align: false, minAreaSquareMetres: 50 });
    expect(
      parseDetectArguments(['b.tif', 'a.tif', '--out', 'o', '--threshold', 'otsu']).options
        .threshold,
    ).toBe('otsu');
    expect(() =>
      parseDetectArguments(['b.tif', 'a.tif', '--out', 'o', '--threshold', 'high']),
    ).toThrow(/auto, otsu, ki or a number/);
    expect(
      parseDetectArguments(['b.tif', 'a.tif', '--out', 'o', '--structure', 'off']).options
        .structureThreshold,
    ).toBe(Infinity);
    const vegetation = (v: string) =>
      parseDetectArguments(['b.tif', 'a.tif', '--out', 'o', '--vegetation', v]).options
        .vegetationNdvi;
    expect(vegetation('off')).toBe(Infinity);
    expect(vegetation('0.3')).toBe(0.3);
    for (const bad of ['1.5', 'high', ''])
      expect(() => vegetation(bad)).toThrow(/--vegetation must be an NDVI between -1 and 1 or off/);
    expect(
      parseDetectArguments(['b.tif', 'a.tif', '--out', 'o', '--structure', '0.8']).options
        .structureThreshold,
    ).toBe(0.8);
    expect(() =>
      parseDetectArguments(['b.tif', 'a.tif', '--out', 'o', '--structure', 'high']),
    ).toThrow(/number > 0 or off/);
    expect(() => parseDetectArguments(['b.tif', '--out', 'o'])).toThrow(/exactly two images/);
    expect(() => parseDetectArguments(['b.tif', 'a.tif'])).toThrow(/--out DIR is required/);
  });

  it('exits 1 with a clear message and writes nothing when the images do not overlap', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sitediff-detect-'));
    const levir = resolve(import.meta.dirname, '../../../shared/corpus/change/levir-cd-crops');
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (
      stderr.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    try {
      const code = await detectCommand.run([
        join(site, 'before.tif'),
        join(levir, 'test_2_0000_0000', 'after.tif'),
        '--out',
        join(out, 'result'),
      ]);
      expect(code).toBe(1);
      // How far apart and which way: a wrong file or a wrong CRS shows as a gap of kilometres.
      expect(stderr.join('')).toMatch(
        /do not overlap: the after image's centre lies [\d,]+ km [a-z-]+ of the before image's\./,
      );
      expect(stderr.join('')).toContain(`(before: ${join(site, 'before.tif')}; after: `);
      expect(existsSync(join(out, 'result'))).toBe(false);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      process.stderr.write = write;
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('exits 1 for a file that is not a GeoTIFF', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sitediff-detect-'));
    try {
      const code = await detectCommand.run([
        join(site, 'site.json'),
        join(site, 'after.tif'),
        '--out',
        out,
      ]);
      expect(code).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
