// The README's quick start runs the development server (`npm start`), not the build: the demo site
// must open there too, with its workers, and show imagery.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchPage } from './browser.ts';
import { decodePng, patchTexture } from './pixels.ts';
import { startDevServer } from './server.ts';

const truth = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/demo-site/truth.geojson'), 'utf8'),
) as { features: { properties: { id: string }; geometry: { coordinates: number[][][] } }[] };

let server: Awaited<ReturnType<typeof startDevServer>> | null = null;
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('npm start (the development server)', () => {
  it('opens the demo site with both images shown and no error', async () => {
    server = await startDevServer();
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watched = watchPage(page);
    await page.goto(server.url);
    // The first request has the server transform every module: slower than the build.
    await page.waitForFunction(
      () =>
        window.sitediffTest?.imageStatus('before') === 'ready' &&
        window.sitediffTest?.imageStatus('after') === 'ready',
      undefined,
      { timeout: 90_000 },
    );
    await page.evaluate(() => window.sitediffTest!.whenIdle());
    await expect(page.getByTestId('metadata-before').textContent()).resolves.toContain(
      'WGS 84 / UTM zone 52N',
    );
    const main = truth.features.find((f) => f.properties.id === 'main-assembly')!;
    const ring = main.geometry.coordinates[0];
    const centre: [number, number] = [
      ring.reduce((sum, p) => sum + p[0], 0) / ring.length,
      ring.reduce((sum, p) => sum + p[1], 0) / ring.length,
    ];
    const box = await page.getByTestId('compare-view').boundingBox();
    const at = await page.evaluate((lonLat) => window.sitediffTest!.project(lonLat), centre);
    const shot = decodePng(await page.screenshot());
    expect(patchTexture(shot, box!.x + at.x, box!.y + at.y, 40)).toBeGreaterThan(8);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.externalRequests).toEqual([]);
  });
});
