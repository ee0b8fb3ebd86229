// "Detect changes" on the demo site, as an analyst runs it: the regions appear on the map where
// the site changed, the estimated misregistration is reported, and re-thresholding is quick.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  area,
  booleanPointInPolygon,
  centroid,
  featureCollection,
  intersect,
  polygon,
} from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppPage } from './app-page.ts';

interface TruthFeature {
  properties: { id: string; status: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}
const demoDir = resolve(import.meta.dirname, '../../fixtures/demo-site');
const truth = JSON.parse(readFileSync(resolve(demoDir, 'truth.geojson'), 'utf8')) as {
  features: TruthFeature[];
};
const site = JSON.parse(readFileSync(resolve(demoDir, 'site.json'), 'utf8')) as {
  trueShift: { columnPixels: number; rowPixels: number };
};

function truthCentre(id: string): [number, number] {
  const feature = truth.features.find((f) => f.properties.id === id);
  if (!feature) throw new Error(`truth.geojson has no ${id}`);
  return centroid(polygon(feature.geometry.coordinates)).geometry.coordinates as [number, number];
}

function coveredFraction(id: string, regions: { geometry: { coordinates: number[][][] } }[]) {
  const feature = truth.features.find((f) => f.properties.id === id);
  if (!feature) throw new Error(`truth.geojson has no ${id}`);
  const building = polygon(feature.geometry.coordinates);
  let covered = 0;
  for (const region of regions) {
    const overlap = intersect(featureCollection([building, polygon(region.geometry.coordinates)]));
    if (overlap) covered += area(overlap);
  }
  return covered / area(building);
}

let app: AppPage;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

async function detect() {
  await app.page.getByRole('button', { name: 'Detect changes' }).click();
  await app.page.getByTestId('changes-result').waitFor({ timeout: 120_000 });
  await app.page.getByTestId('changes-running').waitFor({ state: 'detached', timeout: 120_000 });
  const changes = await app.page.evaluate(() => window.sitediffTest!.changes());
  if (!changes) throw new Error('No change result in the app');
  return changes;
}

describe('change detection in the app', () => {
  it('can be cancelled while it runs, and the map keeps working', async () => {
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    const running = app.page.getByTestId('changes-running');
    await running.waitFor();
    // While it runs the bar moves and the panel names the step in words (a sentence, not the
    // pipeline's lower-case stage identifiers).
    await expect
      .poll(() => running.locator('progress').evaluate((p: HTMLProgressElement) => p.value), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    expect(await running.locator('p').textContent()).toMatch(/^[A-Z][a-z]+ [a-z ]+…$/);
    await running.getByRole('button', { name: 'Cancel' }).click();
    await running.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await app.page.evaluate(() => window.sitediffTest!.changes())).toBeNull();
    // Tiles still render: zoom in and wait for the map to settle.
    await app.page.getByRole('button', { name: 'Zoom in' }).click();
    await app.screenshot();
  });

  it('leaves the main thread free while the pipeline runs in its worker', async () => {
    // Long tasks (over 50 ms) on the page's main thread from the click until the result reaches
    // it (the app marks that moment). Showing the result afterwards is reported, not bounded: in
    // headless Chromium it is mostly software WebGL drawing the new layers.
    await app.page.evaluate(() => {
      const tasks: { start: number; duration: number }[] = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask' });
      (window as unknown as { longTasks: typeof tasks }).longTasks = tasks;
      performance.clearMarks('sitediff:changes-received');
    });
    // The map settled first: its own frames (software WebGL here) are not the pipeline's.
    await app.page.evaluate(() => window.sitediffTest!.whenIdle());
    const clickedAt = await app.page.evaluate(() => performance.now());
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    await app.page.getByTestId('changes-running').waitFor({ state: 'detached', timeout: 120_000 });
    const { tasks, receivedAt } = await app.page.evaluate(() => ({
      tasks: (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks,
      receivedAt: performance.getEntriesByName('sitediff:changes-received')[0]?.startTime,
    }));
    expect(receivedAt, 'the result reached the main thread').toBeGreaterThan(clickedAt + 200);
    // The task that receives the result also starts showing it, so it counts as afterwards.
    const whileRunning = tasks.filter(
      (t) => t.start >= clickedAt && t.start + t.duration < receivedAt,
    );
    const afterwards = tasks.filter((t) => t.start + t.duration >= receivedAt);
    console.log(
      `run ${Math.round(receivedAt - clickedAt)} ms; long tasks while running:`,
      whileRunning.map((t) => Math.round(t.duration)),
      'showing the result:',
      afterwards.map((t) => Math.round(t.duration)),
    );
    expect(whileRunning).toEqual([]);
  });

  it('finds the new assembly building and housing, and reports the misregistration', async () => {
    const changes = await detect();
    const regions = changes.regions.features;
    expect(regions.length).toBeGreaterThan(0);
    const found = (id: string) =>
      regions.some((r) => booleanPointInPolygon(truthCentre(id), polygon(r.geometry.coordinates)));
    expect(found('new-assembly')).toBe(true);
    expect(found('housing-1')).toBe(true);
    // The unchanged main building may be grazed by shadow changes, but not covered.
    expect(coveredFraction('main-assembly', regions)).toBeLessThan(0.3);
    expect(coveredFraction('new-assembly', regions)).toBeGreaterThan(0.8);

    const shift = changes.coregistration.shiftPixels;
    console.log('shift', shift, site.trueShift);
    const { columnPixels, rowPixels } = site.trueShift;
    expect(
      Math.hypot(Math.abs(shift.x) - columnPixels, Math.abs(shift.y) - rowPixels),
    ).toBeLessThan(0.2);
    await expect(app.page.getByTestId('changes-shift').textContent()).resolves.toMatch(/px/);
  });

  it('outlines the regions on the map in red', async () => {
    await app.setDivider('Home');
    const shot = await app.screenshot();
    const building = await app.onScreen(truthCentre('new-assembly'));
    let red = 0;
    for (let y = Math.round(building.y) - 40; y <= building.y + 40; y++) {
      for (let x = Math.round(building.x) - 60; x <= building.x + 60; x++) {
        const k = (y * shot.width + x) * 4;
        if (shot.data[k] > 200 && shot.data[k + 1] < 90 && shot.data[k + 2] < 90) red++;
      }
    }
    expect(red).toBeGreaterThan(30);
  });

  it('re-thresholds with a larger minimum area without redoing the alignment', async () => {
    const first = await app.page.evaluate(
      () => window.sitediffTest!.changes()!.regions.features.length,
    );
    await app.page.getByLabel('Min. area (m²)').fill('1500');
    const changes = await detect();
    expect(changes.regions.features.length).toBeLessThan(first);
    expect(changes.regions.features.every((r) => r.properties.areaSquareMetres >= 1500)).toBe(true);
  });

  it('finds changes by colour alone when "New structures" is unticked, and again with it', async () => {
    const page = app.page;
    await page.getByLabel('Min. area (m²)').fill('20');
    const withStructures = await detect();
    expect(withStructures.structure?.threshold).toBe(0.5);
    // Measured on the demo site: 3 regions (existing workshops and the office, relit) left out.
    expect(withStructures.relitRegions!.count).toBeGreaterThan(0);
    await expect(page.getByTestId('changes-relit').textContent()).resolves.toMatch(
      /^\d+ regions? left out \([\d,]+ m²\)$/,
    );
    expect(withStructures.regions.features.some((r) => r.properties.structureShare! > 0.3)).toBe(
      true,
    );
    await page.getByLabel('New structures').uncheck();
    const colourOnly = await detect();
    expect(colourOnly.structure).toBeNull();
    expect(colourOnly.regions.features.every((r) => r.properties.structureShare === null)).toBe(
      true,
    );
    await expect.poll(() => page.getByTestId('changes-structure').textContent()).toBe('off');
    await expect(page.getByTestId('changes-relit').textContent()).resolves.toBe('off');
    await page.getByLabel('New structures').check();
    await page.getByLabel('Structure gain threshold').fill('0.8');
    const stricter = await detect();
    expect(stricter.structure?.threshold).toBe(0.8);
    expect(stricter.structure!.fraction).toBeLessThan(withStructures.structure!.fraction);
    await page.getByLabel('Structure gain threshold').fill('0.5');
  });

  it('leaves vegetation out by default, and keeps it when "Leave out vegetation" is unticked', async () => {
    const page = app.page;
    const masked = await detect();
    expect(masked.vegetation?.ndviThreshold).toBe(0.2);
    expect(masked.vegetation!.excludedFraction).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('changes-vegetation').textContent())
      .toMatch(/^NDVI above 0\.2 on the after date: .* left out of the change$/);
    await page.getByLabel('Leave out vegetation').uncheck();
    const all = await detect();
    expect(all.vegetation).toBeNull();
    await expect.poll(() => page.getByTestId('changes-vegetation').textContent()).toBe('off');
    // The tree clumps and tree rows that turned colour come back as regions.
    expect(all.changedFraction).toBeGreaterThan(masked.changedFraction);
    expect(all.regions.features.length).toBeGreaterThan(masked.regions.features.length);
    await page.getByLabel('Leave out vegetation').check();
    expect((await detect()).regions.features.length).toBe(masked.regions.features.length);
  });

  it('takes a shift set by hand instead of the estimate, and nudges it', async () => {
    const page = app.page;
    await page.getByLabel('Min. area (m²)').fill('20');
    // Every pixel counted, vegetated ones too: the misregistration below shows on all of them.
    await page.getByLabel('Leave out vegetation').uncheck();
    const estimated = await detect();
    expect(estimated.coregistration.manual).toBe(false);

    await page.getByLabel('Set it by hand').check();
    await page.getByRole('button', { name: 'Start from the last shift' }).click();
    const across = page.getByLabel('Shift across, pixels');
    const down = page.getByLabel('Shift down, pixels');
    const rounded = (pixels: number) => Math.round(pixels * 100) / 100;
    expect(Number(await across.inputValue())).toBe(rounded(estimated.coregistration.shiftPixels.x));
    expect(Number(await down.inputValue())).toBe(rounded(estimated.coregistration.shiftPixels.y));
    const same = await detect();
    expect(same.coregistration.manual).toBe(true);
    await expect(page.getByTestId('changes-shift').textContent()).resolves.toMatch(/^set by hand/);
    expect(same.changedFraction).toBeCloseTo(estimated.changedFraction, 2);

    // Four pixels the wrong way, at the same threshold: the edges of every unchanged building,
    // road, field and tree now read as change.
    await page.getByLabel('Threshold method').selectOption('value');
    await page.getByLabel('Threshold value').fill(String(estimated.threshold.value));
    await across.fill('-2');
    await down.fill('-2');
    const wrong = await detect();
    expect(wrong.coregistration.shiftPixels).toEqual({ x: -2, y: -2 });
    expect(wrong.threshold.value).toBeCloseTo(estimated.threshold.value, 5);
    console.log('changed fraction', estimated.changedFraction, wrong.changedFraction);
    expect(wrong.changedFraction).toBeGreaterThan(1.5 * estimated.changedFraction);
    await page.getByLabel('Threshold method').selectOption('auto');

    await page.getByRole('button', { name: 'Nudge right' }).click();
    await page.getByRole('button', { name: 'Nudge up' }).click();
    expect(Number(await across.inputValue())).toBe(-1.75);
    expect(Number(await down.inputValue())).toBe(-2.25);
    await page.getByLabel('Estimate the shift').check();
    await page.getByLabel('Leave out vegetation').check();
  });

  it('logs no console error', () => {
    expect(app.watched.consoleErrors).toEqual([]);
  });
});

describe('reading the demo site for change detection', () => {
  it('fetches the two images in a few large range requests, and no byte twice', async () => {
    // A page of its own: nothing of the full-resolution images is decoded yet (the map shows
    // overviews), so every block detection needs is fetched during the run.
    const fresh = await openApp();
    try {
      const ranges: { file: string; start: number; end: number }[] = [];
      fresh.page.on('request', (request) => {
        const file = new URL(request.url()).pathname.split('/').pop() ?? '';
        const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers()['range'] ?? '');
        if (range && /^(before|after)\.tif$/.test(file))
          ranges.push({ file, start: Number(range[1]), end: Number(range[2]) + 1 });
      });
      await fresh.page.getByRole('button', { name: 'Detect changes' }).click();
      await fresh.page.getByTestId('changes-result').waitFor({ timeout: 120_000 });
      const changes = await fresh.page.evaluate(() => window.sitediffTest!.changes());
      expect(changes?.regions.features.length).toBeGreaterThan(0);
      const fileBytes = (name: string) => readFileSync(resolve(demoDir, name)).length;
      for (const name of ['before.tif', 'after.tif']) {
        const mine = ranges.filter((r) => r.file === name).sort((a, b) => a.start - b.start);
        const fetched = mine.reduce((sum, r) => sum + r.end - r.start, 0);
        console.log(name, mine.length, 'range requests,', fetched, 'bytes of', fileBytes(name));
        // Each image is 64 full-resolution tiles of about 100–300 KB: a request per tile would be
        // 64 and more; runs of up to 4 MiB make about a tenth of that.
        expect(mine.length).toBeLessThan(24);
        for (let k = 1; k < mine.length; k++)
          expect(mine[k].start, `${name}: a byte fetched twice`).toBeGreaterThanOrEqual(
            mine[k - 1].end,
          );
        expect(fetched).toBeLessThanOrEqual(fileBytes(name));
      }
      expect(fresh.watched.consoleErrors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
