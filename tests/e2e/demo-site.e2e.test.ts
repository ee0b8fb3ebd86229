// The demo site as a person sees it: both images on the map, the swipe comparing them, no errors
// and nothing fetched from the internet.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppPage } from './app-page.ts';
import { fitChannels, patchDifference, patchResidual, patchTexture } from './pixels.ts';

interface TruthFeature {
  properties: { id: string; status: string };
  geometry: { coordinates: number[][][] };
}

const truth = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/demo-site/truth.geojson'), 'utf8'),
) as { features: TruthFeature[] };

function centroid(id: string): [number, number] {
  const feature = truth.features.find((f) => f.properties.id === id);
  if (!feature) throw new Error(`truth.geojson has no feature ${id}`);
  const ring = feature.geometry.coordinates[0].slice(0, -1);
  return [
    ring.reduce((s, p) => s + p[0], 0) / ring.length,
    ring.reduce((s, p) => s + p[1], 0) / ring.length,
  ];
}

let app: AppPage;

beforeAll(async () => {
  app = await openApp();
});

afterAll(async () => {
  await app?.close();
});

describe('the demo site', () => {
  it('opens with both images, labelled synthetic, with their dates', async () => {
    await expect(app.page.getByTestId('synthetic-label').textContent()).resolves.toMatch(
      /synthetic/i,
    );
    await expect(app.page.getByTestId('label-before').textContent()).resolves.toContain('2024-04');
    await expect(app.page.getByTestId('label-after').textContent()).resolves.toContain('2024-10');
    const before = await app.page.getByTestId('metadata-before').textContent();
    expect(before).toContain('EPSG:32652');
    expect(before).toContain('Byte');
    const after = await app.page.getByTestId('metadata-after').textContent();
    expect(after).toContain('UInt16');
    expect(after).toMatch(/0\.5 × 0\.5 m/);
  });

  it('shows imagery, and before and after differ at the new assembly building only', async () => {
    await app.setDivider('End');
    const beforeOnly = await app.screenshot();
    await app.setDivider('Home');
    const afterOnly = await app.screenshot();

    const building = await app.onScreen(centroid('new-assembly'));
    const main = await app.onScreen(centroid('main-assembly'));
    // Not a blank map: the imagery has texture on both sides.
    expect(patchTexture(beforeOnly, main.x, main.y, 40)).toBeGreaterThan(8);
    expect(patchTexture(afterOnly, main.x, main.y, 40)).toBeGreaterThan(8);

    // The dates differ in brightness and contrast by design, so compare after a global linear
    // colour fit over the site; what remains is change.
    const box = await app.mapBox();
    const site = {
      x: box.x + 150,
      y: box.y + 100,
      width: box.width - 300,
      height: box.height - 200,
    };
    const fits = fitChannels(beforeOnly, afterOnly, site);
    const changed = patchResidual(beforeOnly, afterOnly, fits, building.x, building.y, 8);
    const unchangedIds = ['main-assembly', 'workshop-1', 'workshop-2', 'office'];
    for (const id of unchangedIds) {
      const p = await app.onScreen(centroid(id));
      const unchanged = patchResidual(beforeOnly, afterOnly, fits, p.x, p.y, 4);
      expect(changed, `new assembly vs ${id}`).toBeGreaterThan(2 * unchanged);
      // Unchanged roofs still differ by sun angle and noise (23–34 in passing runs, the new
      // building 84): a ceiling of its own, so "alike" is not only relative.
      expect(unchanged, `${id} is alike on both dates`).toBeLessThan(45);
    }
    expect(changed).toBeGreaterThan(25);
  });

  it('moves the before/after boundary with the divider (drag)', async () => {
    await app.setDivider('End');
    const beforeOnly = await app.screenshot();
    await app.setDivider('Home');
    const afterOnly = await app.screenshot();
    const building = await app.onScreen(centroid('new-assembly'));
    const box = await app.mapBox();
    const handle = app.page.getByRole('slider', { name: 'Swipe between before and after' });

    const dragTo = async (x: number) => {
      const h = await handle.boundingBox();
      if (!h) throw new Error('No divider handle');
      await app.page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
      await app.page.mouse.down();
      await app.page.mouse.move(x, h.y + h.height / 2, { steps: 5 });
      await app.page.mouse.up();
    };

    // Divider right of the building: the building shows its "before" state.
    await dragTo(Math.min(box.x + box.width - 5, building.x + 60));
    let shot = await app.screenshot();
    expect(patchDifference(shot, beforeOnly, building.x, building.y, 6)).toBeLessThan(3);
    expect(patchDifference(shot, afterOnly, building.x, building.y, 6)).toBeGreaterThan(20);

    // Divider left of the building: it shows its "after" state.
    await dragTo(Math.max(box.x + 5, building.x - 60));
    shot = await app.screenshot();
    expect(patchDifference(shot, afterOnly, building.x, building.y, 6)).toBeLessThan(3);
    expect(patchDifference(shot, beforeOnly, building.x, building.y, 6)).toBeGreaterThan(20);
  });

  it('moves the before/after boundary with the keyboard', async () => {
    await app.setDivider('End');
    const beforeOnly = await app.screenshot();
    await app.setDivider('Home');
    const afterOnly = await app.screenshot();
    const building = await app.onScreen(centroid('new-assembly'));
    const handle = app.page.getByRole('slider', { name: 'Swipe between before and after' });
    const value = async () => Number(await handle.getAttribute('aria-valuenow'));
    const handleX = async () => {
      const h = await handle.boundingBox();
      if (!h) throw new Error('No divider handle');
      return h.x + h.width / 2;
    };

    await app.setDivider('End');
    expect(await value()).toBe(100);
    await app.page.keyboard.press('ArrowLeft');
    const afterArrow = await value();
    expect(afterArrow).toBeLessThan(100);
    await app.page.keyboard.press('PageDown');
    expect(await value()).toBeLessThan(afterArrow - 1);
    await app.page.keyboard.press('ArrowRight');
    await app.page.keyboard.press('PageUp');
    expect(await value()).toBe(100);

    // Page Down until the divider has passed the building: it then shows its "after" state.
    let presses = 0;
    while ((await handleX()) > building.x - 20 && presses++ < 50)
      await app.page.keyboard.press('PageDown');
    expect(await handleX()).toBeLessThan(building.x - 20);
    const shot = await app.screenshot();
    expect(patchDifference(shot, afterOnly, building.x, building.y, 6)).toBeLessThan(3);
    expect(patchDifference(shot, beforeOnly, building.x, building.y, 6)).toBeGreaterThan(20);
  });

  it('logs no console error and requests nothing beyond this machine', () => {
    expect(app.watched.consoleErrors).toEqual([]);
    expect(app.watched.externalRequests).toEqual([]);
  });
});
