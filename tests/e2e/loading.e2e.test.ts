// Opening the user's own imagery: the file picker, drag-and-drop, a Cloud-Optimized GeoTIFF by URL
// with range requests, and bad input that must not cost what was already loaded.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeGeoTiff } from '../../src/core/raster/write-geotiff.ts';
import { openGeoTiff } from '../../src/core/raster/open-geotiff.ts';
import { openApp, type AppPage } from './app-page.ts';
import { patchTexture } from './pixels.ts';
import { startRangeServer, type RangeServer } from './range-server.ts';

const demoDir = resolve(import.meta.dirname, '../../fixtures/demo-site');
const fixturesDir = resolve(import.meta.dirname, '../../fixtures/geotiff');
let app: AppPage;
let siteCentre: { x: number; y: number };
const servers: RangeServer[] = [];

/** A 512 × 512 checkerboard GeoTIFF laid over the demo site (2 m pixels, UTM 52N). */
async function checkerboard(squarePixels: number): Promise<Uint8Array> {
  const bytes = readFileSync(resolve(demoDir, 'before.tif'));
  const demo = await openGeoTiff(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  );
  const gt = demo.info.geoTransform!;
  const size = 512;
  const band = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      band[r * size + c] =
        (Math.floor(r / squarePixels) + Math.floor(c / squarePixels)) % 2 ? 240 : 15;
    }
  }
  return encodeGeoTiff(
    { width: size, height: size, bands: [band], dataType: 'Byte', noData: null },
    {
      geoTransform: [gt[0], 2, 0, gt[3], 0, -2],
      crs: { epsg: 32652, kind: 'projected' },
      dateTime: '2025:01:02 03:04:05',
    },
  );
}

beforeAll(async () => {
  app = await openApp();
  const box = await app.mapBox();
  siteCentre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
});
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('opening imagery', () => {
  it('opens a local file from the picker and shows it in place', async () => {
    await app.page.getByTestId('file-input-before').setInputFiles({
      name: 'checker.tif',
      mimeType: 'image/tiff',
      buffer: Buffer.from(await checkerboard(16)),
    });
    await app.waitForImage('before', 'checker.tif');
    await expect(app.page.getByTestId('metadata-before').textContent()).resolves.toContain(
      '512 × 512',
    );
    await expect(app.page.getByTestId('label-before').textContent()).resolves.toContain(
      '2025-01-02',
    );
    await app.setDivider('End');
    const shot = await app.screenshot();
    // Black and white squares of 32 m: a strong texture where the checkerboard lies.
    expect(patchTexture(shot, siteCentre.x, siteCentre.y, 30)).toBeGreaterThan(60);
  });

  it('opens files dropped on a slot and on the map', async () => {
    await app.dropFiles('slot-after', [{ name: 'dropped.tif', bytes: await checkerboard(8) }]);
    await app.waitForImage('after', 'dropped.tif');

    await app.dropFiles('map-drop-zone', [
      { name: 'b-later.tif', bytes: await checkerboard(32) },
      { name: 'a-earlier.tif', bytes: await checkerboard(4) },
    ]);
    await app.waitForImage('before', 'a-earlier.tif');
    await app.waitForImage('after', 'b-later.tif');
  });

  it('swaps before and after', async () => {
    await app.page.getByRole('button', { name: /Swap before/ }).click();
    await app.waitForImage('before', 'b-later.tif');
    await app.waitForImage('after', 'a-earlier.tif');
  });

  it('reports a broken file by name and reason within 2 s, keeping the image it had', async () => {
    const cases = [
      {
        name: 'photo.tif',
        bytes: Buffer.from('\x89PNG\r\n\x1a\n0000000000000000', 'binary'),
        reason: /PNG/,
      },
      { name: 'empty.tif', bytes: Buffer.alloc(0), reason: /empty/ },
      {
        // A download cut off halfway: the header is whole, the tiles past the cut are missing.
        name: 'truncated.tif',
        bytes: readFileSync(resolve(demoDir, 'before.tif')).subarray(0, 2_000_000),
        reason: /truncated/,
      },
    ];
    for (const broken of cases) {
      const started = Date.now();
      await app.page.getByTestId('file-input-before').setInputFiles({
        name: broken.name,
        mimeType: 'image/tiff',
        buffer: broken.bytes,
      });
      const error = app.page.getByTestId('slot-before-error');
      await error.waitFor({ timeout: 2_000 });
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(error.textContent()).resolves.toContain(broken.name);
      await expect(error.textContent()).resolves.toMatch(broken.reason);
      expect(await app.page.evaluate(() => window.sitediffTest!.imageName('before'))).toBe(
        'b-later.tif',
      );
      await app.page.getByRole('button', { name: 'Dismiss' }).click();
    }
    const messages = app.watched.consoleErrors.join('\n');
    expect(messages).not.toMatch(/out of memory|crash/i);
    await app.setDivider('End');
    const shot = await app.screenshot();
    expect(patchTexture(shot, siteCentre.x, siteCentre.y, 30)).toBeGreaterThan(60);
  });

  it('reads a Cloud-Optimized GeoTIFF by URL with range requests, fetching only what the view needs', async () => {
    const server = await startRangeServer({ 'after.tif': resolve(demoDir, 'after.tif') });
    servers.push(server);
    const size = readFileSync(resolve(demoDir, 'after.tif')).length;
    await app.page.getByLabel('After image URL').fill(server.url('after.tif'));
    await app.page.getByTestId('slot-after').getByRole('button', { name: 'Open URL' }).click();
    await app.waitForImage('after', 'after.tif');
    await app.setDivider('Home');
    await app.screenshot();
    expect(server.requests.every((r) => r.range !== null)).toBe(true);
    expect(server.bytesSent()).toBeLessThan(0.25 * size);
  });

  it('explains a server that ignores range requests', async () => {
    const server = await startRangeServer(
      { 'after.tif': resolve(demoDir, 'after.tif') },
      { honourRanges: false },
    );
    servers.push(server);
    await app.page.getByLabel('After image URL').fill(server.url('after.tif'));
    await app.page.getByTestId('slot-after').getByRole('button', { name: 'Open URL' }).click();
    const error = app.page.getByTestId('slot-after-error');
    await error.waitFor({ timeout: 10_000 });
    await expect(error.textContent()).resolves.toMatch(/range requests/);
    expect(await app.page.evaluate(() => window.sitediffTest!.imageName('after'))).toBe(
      'after.tif',
    );
    await app.page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('cancels a slow load and keeps the image it had', async () => {
    const server = await startRangeServer(
      { 'slow.tif': resolve(demoDir, 'before.tif') },
      { delayMs: 3_000 },
    );
    servers.push(server);
    await app.page.getByLabel('Before image URL').fill(server.url('slow.tif'));
    await app.page.getByTestId('slot-before').getByRole('button', { name: 'Open URL' }).click();
    const loading = app.page.getByTestId('slot-before-loading');
    await loading.waitFor();
    await loading.getByRole('button', { name: 'Cancel' }).click();
    await loading.waitFor({ state: 'detached' });
    expect(await app.page.evaluate(() => window.sitediffTest!.imageStatus('before'))).toBe('ready');
    expect(await app.page.evaluate(() => window.sitediffTest!.imageName('before'))).toBe(
      'b-later.tif',
    );
  });

  it('pairs an image with its .ovr dropped together, and names an .ovr dropped alone', async () => {
    const red = readFileSync(resolve(fixturesDir, 'rasterio/red.tif'));
    const overviews = readFileSync(resolve(fixturesDir, 'rasterio/red.tif.ovr'));
    await app.dropFiles('slot-after', [
      { name: 'red.tif.ovr', bytes: overviews },
      { name: 'red.tif', bytes: red },
    ]);
    await app.waitForImage('after', 'red.tif');
    const metadata = app.page.getByTestId('metadata-after');
    await expect(metadata.textContent()).resolves.toMatch(/Overviews\s*32×32/);

    await app.dropFiles('slot-after', [{ name: 'lonely.tif.ovr', bytes: overviews }]);
    const problem = app.page.getByTestId('slot-after-file-problem');
    await problem.waitFor({ timeout: 2_000 });
    await expect(problem.textContent()).resolves.toContain('together with lonely.tif');
    expect(await app.page.evaluate(() => window.sitediffTest!.imageName('after'))).toBe('red.tif');
  });

  it('places a GCP-only file approximately and says so, with its CRS named as GDAL names it', async () => {
    const name = 'austrian_capitals_model_tie_points_pixel_is_area.tif';
    await app.page.getByTestId('file-input-after').setInputFiles({
      name,
      mimeType: 'image/tiff',
      buffer: readFileSync(resolve(fixturesDir, 'georust-geotiff', name)),
    });
    await app.waitForImage('after', name);
    await expect(app.page.getByTestId('slot-after-placement').textContent()).resolves.toBe(
      'Placed approximately from 4 ground control points (RMS 0 px)',
    );
    await expect(app.page.getByTestId('metadata-after').textContent()).resolves.toContain(
      'ETRS89-extended / LAEA Europe (EPSG:3035)',
    );
    // Opened far from the view (Austria, the before image in Korea): the map frames both.
    await app.page.evaluate(() => window.sitediffTest!.whenIdle());
    const box = await app.mapBox();
    for (const lonLat of [
      [13.3, 47.7],
      [127.5, 39.9],
    ] as [number, number][]) {
      const p = await app.onScreen(lonLat);
      expect(p.x, `${lonLat} on screen`).toBeGreaterThan(box.x);
      expect(p.x, `${lonLat} on screen`).toBeLessThan(box.x + box.width);
      expect(p.y, `${lonLat} on screen`).toBeGreaterThan(box.y);
      expect(p.y, `${lonLat} on screen`).toBeLessThan(box.y + box.height);
    }
    if (process.env.SCREENSHOTS) {
      await app.page.screenshot({ path: resolve(process.env.SCREENSHOTS, 'gcp-placed.png') });
    }
  });

  it('refuses to compare images of two places, says how far apart they are, and keeps both', async () => {
    // Before lies over the demo site in Korea, after (the GCP-placed file) in Austria.
    const names = await app.page.evaluate(() =>
      (['before', 'after'] as const).map((side) => window.sitediffTest!.imageName(side)),
    );
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    const alert = app.page.getByRole('alert').filter({ hasText: 'do not overlap' });
    await alert.waitFor({ timeout: 60_000 });
    // About 8 300 km from Korea to Austria, setting off north-west.
    await expect(alert.textContent()).resolves.toMatch(
      /after image's centre lies 8,3\d\d km north-west of the before image's\. Check that both show the same site and that each has the right CRS/,
    );
    expect(
      await app.page.evaluate(() =>
        (['before', 'after'] as const).map((side) => [
          window.sitediffTest!.imageName(side),
          window.sitediffTest!.imageStatus(side),
        ]),
      ),
    ).toEqual([
      [names[0], 'ready'],
      [names[1], 'ready'],
    ]);
    await expect(
      app.page.getByRole('button', { name: 'Detect changes' }).isEnabled(),
    ).resolves.toBe(true);
    if (process.env.SCREENSHOTS) {
      await app.page.screenshot({ path: resolve(process.env.SCREENSHOTS, 'no-overlap.png') });
    }
  });

  it('logs no console error and requests nothing beyond this machine', () => {
    expect(app.watched.consoleErrors).toEqual([]);
    expect(app.watched.externalRequests).toEqual([]);
  });
});
