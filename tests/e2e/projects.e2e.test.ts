// Projects as an analyst keeps them: footprints carried into a new project by GeoJSON and KML,
// several projects listed, opened, renamed and deleted (with a second thought), a project file
// saved and opened (a broken one refused with the open project unchanged), and a reload.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppPage } from './app-page.ts';
import { truthCentre } from './demo-truth.ts';
import { drawBuilding, footprintItems } from './footprints-page.ts';

let app: AppPage;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

const items = () => footprintItems(app);
const projectName = () => app.page.getByLabel('Project name');
const entries = () => app.page.getByTestId('project-entry');
const entry = (name: string) =>
  app.page.locator(`[data-testid="project-entry"][data-project-name="${name}"]`);
const areaOfItem = async (index: number) =>
  (await items().nth(index).locator('.footprints__area').textContent())?.trim();

async function rename(name: string) {
  await projectName().fill(name);
  await projectName().press('Enter');
  await expect(projectName().inputValue()).resolves.toBe(name);
}

async function downloaded(button: string): Promise<string> {
  const download = app.page.waitForEvent('download');
  await app.page.getByRole('button', { name: button }).click();
  return readFileSync(await (await download).path(), 'utf8');
}

async function showList(shown = true) {
  const toggle = app.page.getByRole('button', { name: /^Projects \(/ });
  if ((await toggle.getAttribute('aria-expanded')) !== String(shown)) await toggle.click();
}

let plantArea: string | undefined;

describe('projects', () => {
  it('carries footprints into a new project as GeoJSON', async () => {
    await rename('Hamhung plant');
    await drawBuilding(app, 'main-assembly', 'main assembly building');
    await expect.poll(() => items().count()).toBe(1);
    plantArea = await areaOfItem(0);
    const geojson = await downloaded('Export GeoJSON');

    await app.page.getByRole('button', { name: 'New project' }).click();
    await expect.poll(() => projectName().inputValue()).toBe('Untitled project');
    expect(await items().count()).toBe(0);
    await rename('Copy of the plant');
    await app.page.getByTestId('import-footprints').setInputFiles({
      name: 'plant.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(geojson),
    });
    await expect.poll(() => items().count()).toBe(1);
    await expect(items().first().textContent()).resolves.toContain('main assembly building');
    expect(await areaOfItem(0)).toBe(plantArea);
  });

  it('round-trips footprints through KML', async () => {
    const kml = await downloaded('Export KML');
    expect(kml).toContain('main assembly building');
    await app.page.getByTestId('import-footprints').setInputFiles({
      name: 'plant.kml',
      mimeType: 'application/vnd.google-earth.kml+xml',
      buffer: Buffer.from(kml),
    });
    await expect.poll(() => items().count()).toBe(2);
    await expect(items().nth(1).textContent()).resolves.toContain('main assembly building');
    expect(await areaOfItem(1)).toBe(plantArea);
  });

  it('lists projects, opens, renames and deletes them (after asking)', async () => {
    await showList();
    await expect.poll(() => entries().count()).toBe(2);
    await entry('Hamhung plant').getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => projectName().inputValue()).toBe('Hamhung plant');
    await expect.poll(() => items().count()).toBe(1);
    await showList();
    const copyName = entry('Copy of the plant').getByRole('textbox');
    await copyName.fill('Plant, second look');
    await copyName.press('Enter');
    const renamed = entry('Plant, second look');
    await expect.poll(() => renamed.count()).toBe(1);
    await expect(renamed.textContent()).resolves.toContain('2 footprints');

    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByRole('button', { name: 'Keep' }).click();
    expect(await entries().count()).toBe(2);
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => entries().count()).toBe(1);
    expect(await projectName().inputValue()).toBe('Hamhung plant');
  });

  it('saves a project file and opens it; a broken file is refused and changes nothing', async () => {
    const saved = await downloaded('Save file');
    expect(JSON.parse(saved)).toMatchObject({ name: 'Hamhung plant' });

    await app.page.getByRole('button', { name: 'New project' }).click();
    await expect.poll(() => projectName().inputValue()).toBe('Untitled project');
    const broken = JSON.parse(saved) as { footprints: { geometry: unknown }[] };
    broken.footprints[0].geometry = { type: 'Polygon', coordinates: [[[0, 0]]] };
    await app.page.getByTestId('open-project-file').setInputFiles({
      name: 'broken.sitediff.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    const error = app.page.getByTestId('project-file-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/footprints/);
    expect(await projectName().inputValue()).toBe('Untitled project');
    expect(await items().count()).toBe(0);
    await error.getByRole('button', { name: 'Dismiss' }).click();

    await app.page.getByTestId('open-project-file').setInputFiles({
      name: 'plant.sitediff.json',
      mimeType: 'application/json',
      buffer: Buffer.from(saved),
    });
    await expect.poll(() => projectName().inputValue()).toBe('Hamhung plant');
    await expect.poll(() => items().count()).toBe(1);
    expect(await areaOfItem(0)).toBe(plantArea);
    // The file is a save of a project kept here: it opens as a copy, and both are listed.
    await expect(app.page.getByTestId('project-file-copy').textContent()).resolves.toMatch(
      /“Hamhung plant” is already kept in this browser, so the file was opened as a new copy/,
    );
    await showList(false);
    await app.page.getByTestId('project-file-copy').getByRole('button', { name: 'OK' }).click();
    await showList();
    await expect.poll(() => entry('Hamhung plant').count()).toBe(2);
    await expect.poll(() => entry('Untitled project').count()).toBe(1);
    await showList(false);
  });

  it('restores the open project, and where the map was looking, after a reload', async () => {
    await rename('Hamhung plant, reviewed');
    // Zoom in and pan away from the framing of the images, by the map's own controls.
    const building = truthCentre('main-assembly');
    const framed = await app.onScreen(building);
    await app.page.getByRole('button', { name: 'Zoom in' }).click();
    const box = await app.mapBox();
    await app.page.mouse.move(box.x + 700, box.y + 650);
    await app.page.mouse.down();
    await app.page.mouse.move(box.x + 560, box.y + 560, { steps: 8 });
    await app.page.mouse.up();
    await app.page.evaluate(() => window.sitediffTest!.whenIdle());
    const moved = await app.onScreen(building);
    expect(Math.hypot(moved.x - framed.x, moved.y - framed.y)).toBeGreaterThan(100);

    await app.page.waitForTimeout(1_000); // autosave runs within a second of a change
    await app.page.reload();
    await app.page.waitForFunction(() => window.sitediffTest?.imageStatus('after') === 'ready');
    await expect.poll(() => projectName().inputValue()).toBe('Hamhung plant, reviewed');
    await app.page.evaluate(() => window.sitediffTest!.whenIdle());
    const restored = await app.onScreen(building);
    expect(Math.hypot(restored.x - moved.x, restored.y - moved.y)).toBeLessThan(1);
    await expect.poll(() => items().count()).toBe(1);
    await expect(items().first().textContent()).resolves.toContain('main assembly building');
    await showList();
    await expect.poll(() => entries().count()).toBe(3);
  });

  it('asks for a local image again after a reload and knows it by its contents', async () => {
    const demo = (name: string) =>
      readFileSync(resolve(import.meta.dirname, '../../fixtures/demo-site', name));
    await app.page.getByTestId('file-input-before').setInputFiles({
      name: 'plant-before.tif',
      mimeType: 'image/tiff',
      buffer: demo('before.tif'),
    });
    await app.waitForImage('before', 'plant-before.tif');
    // Wait until the file is hashed, recorded and autosaved: the stored project knows its hash.
    await app.page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const request = indexedDB.open('sitediff');
          request.onerror = () => resolve(false);
          request.onsuccess = () => {
            const database = request.result;
            const all = database.transaction('projects').objectStore('projects').getAll();
            all.onerror = () => resolve(false);
            all.onsuccess = () => {
              database.close();
              const projects = all.result as {
                images: { role: string; name: string; sha256: string | null }[];
              }[];
              resolve(
                projects.some((project) =>
                  project.images.some(
                    (image) =>
                      image.role === 'before' &&
                      image.name === 'plant-before.tif' &&
                      image.sha256 !== null,
                  ),
                ),
              );
            };
          };
        }),
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    await app.page.reload();
    await app.page.waitForFunction(() => window.sitediffTest?.imageStatus('after') === 'ready');
    // The project comes back first (a failure here says which one did), then its request.
    await expect
      .poll(() => projectName().inputValue(), { timeout: 30_000 })
      .toBe('Hamhung plant, reviewed');
    const banner = app.page.getByTestId('reopen-before');
    await banner.waitFor().catch(async (error: unknown) => {
      const panel = await app.page.locator('.side-panel').innerText();
      throw new Error(`No request for the local image; the side panel reads:\n${panel}`, {
        cause: error,
      });
    });
    await expect(banner.textContent()).resolves.toContain('plant-before.tif');

    // Same name, other contents: refused.
    await app.page.getByTestId('reopen-file').setInputFiles({
      name: 'plant-before.tif',
      mimeType: 'image/tiff',
      buffer: demo('after.tif'),
    });
    await expect(app.page.getByTestId('reopen-problem').textContent()).resolves.toMatch(
      /plant-before\.tif is not one of this project's images/,
    );
    // Other name, same contents: opened where it belongs.
    await app.page.getByTestId('reopen-file').setInputFiles({
      name: 'renamed.tif',
      mimeType: 'image/tiff',
      buffer: demo('before.tif'),
    });
    await app.waitForImage('before', 'renamed.tif');
    await expect.poll(() => app.page.getByTestId('reopen-images').count()).toBe(0);
  });

  it('logs no console error', () => {
    expect(app.watched.consoleErrors).toEqual([]);
  });
});
