// Footprints as an analyst makes them: rotated rectangles over the demo's two assembly buildings,
// the comparison sentence, undo and redo, a reload, export and import, bad input, hostile labels.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppPage } from './app-page.ts';
import { truthFeature } from './demo-truth.ts';
import {
  drawBuilding as drawBuildingOver,
  footprintItems,
  leadingSquareMetres,
} from './footprints-page.ts';

let app: AppPage;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

const items = () => footprintItems(app);
const drawBuilding = (id: string, label: string) => drawBuildingOver(app, id, label);

const sketchText = () => app.page.getByTestId('sketch-measurement');

async function footprintCount() {
  return items().count();
}

describe('footprints', () => {
  it('measures rotated rectangles drawn over the two assembly buildings and compares them', async () => {
    await drawBuilding('main-assembly', 'main assembly building');
    await drawBuilding('new-assembly', 'new assembly building');
    expect(await footprintCount()).toBe(2);

    // The drawn area is within a few percent of the truth (clicks land on whole screen pixels).
    const measured = await app.page.getByTestId('footprint-measurement').textContent();
    const area = Number(/^([\d,]+) m²/.exec(measured ?? '')?.[1].replace(/,/g, ''));
    const truthArea = truthFeature('new-assembly').properties.areaSquareMetres;
    expect(Math.abs(area - truthArea) / truthArea).toBeLessThan(0.05);

    await app.page.getByLabel('Compare with').selectOption({ label: 'main assembly building' });
    const sentence = await app.page.getByTestId('comparison-sentence').textContent();
    expect(sentence).toMatch(
      /^The new assembly building's footprint is 6\d% \(\d\d–\d\d%\) the size of the main assembly building's — about 3\d% smaller\.$/,
    );
  });

  it('undoes and redoes edits, and a vertex while drawing', async () => {
    const measurement = () => app.page.getByTestId('footprint-measurement').textContent();
    await items().nth(1).click();
    const drawnMeasurement = await measurement();
    await app.page.locator('body').click({ position: { x: 5, y: 400 } });
    await app.page.keyboard.press('Control+z'); // the label of the new building
    await expect(items().nth(1).textContent()).resolves.toContain('Footprint 2');
    await app.page.keyboard.press('Control+z'); // the new building itself
    await expect.poll(() => footprintCount()).toBe(1);
    await app.page.keyboard.press('Control+Shift+z');
    await app.page.keyboard.press('Control+y');
    await expect(items().nth(1).textContent()).resolves.toContain('new assembly building');
    await items().nth(1).click();
    await expect(measurement()).resolves.toBe(drawnMeasurement);

    // Half a building: undo takes back its second corner only, so the edge starts again from the
    // first click and a corner halfway along it makes a building half as long.
    const box = await app.mapBox();
    const click = async (dx: number, dy: number) => {
      await app.page.mouse.move(box.x + dx, box.y + dy, { steps: 3 });
      await app.page.mouse.click(box.x + dx, box.y + dy);
    };
    await app.page.getByRole('button', { name: 'Building', exact: true }).click();
    await click(100, 100);
    await click(220, 100);
    await app.page.mouse.move(box.x + 220, box.y + 180, { steps: 3 });
    const full = leadingSquareMetres(await sketchText().textContent());
    expect(full).toBeGreaterThan(0);
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => sketchText().count()).toBe(0);
    await click(160, 100);
    await app.page.mouse.move(box.x + 220, box.y + 180, { steps: 3 });
    await expect
      .poll(async () => leadingSquareMetres(await sketchText().textContent()) / full)
      .toBeCloseTo(0.5, 1);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => sketchText().count()).toBe(0);

    // Half a polygon: undo takes back its last vertex, so the outline under the pointer shrinks.
    await app.page.getByRole('button', { name: 'Polygon', exact: true }).click();
    await click(100, 100);
    await click(160, 100);
    await click(160, 160);
    await app.page.mouse.move(box.x + 100, box.y + 160, { steps: 3 });
    const square = leadingSquareMetres(await sketchText().textContent());
    await app.page.keyboard.press('Control+z');
    await app.page.mouse.move(box.x + 100, box.y + 161, { steps: 1 });
    // The triangle (100,100)–(160,100)–pointer is half the square.
    await expect
      .poll(async () => leadingSquareMetres(await sketchText().textContent()) / square)
      .toBeCloseTo(0.5, 1);
    await app.page.keyboard.press('Escape');
    expect(await footprintCount()).toBe(2);
    await app.page.getByRole('button', { name: 'Select', exact: true }).click();
  });

  it('shows a hostile label as text', async () => {
    let dialogs = 0;
    app.page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await items().nth(0).click();
    const field = app.page.getByTestId('footprint-editor').getByRole('textbox').first();
    await field.fill('<img src=x onerror=alert(1)>');
    await field.press('Enter');
    await expect(items().nth(0).textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
    expect(await app.page.locator('[data-testid="footprints-panel"] img').count()).toBe(0);
    expect(dialogs).toBe(0);
    await field.fill('main assembly building');
    await field.press('Enter');
  });

  it('keeps the footprints across a reload', async () => {
    await app.page.waitForTimeout(1_000); // autosave runs within a second of a change
    await app.page.reload();
    await app.page.waitForFunction(() => window.sitediffTest?.imageStatus('after') === 'ready');
    await expect.poll(() => footprintCount(), { timeout: 10_000 }).toBe(2);
    await expect(items().nth(1).textContent()).resolves.toContain('new assembly building');
  });

  it('exports GeoJSON and imports it back; a broken file changes nothing', async () => {
    const download = app.page.waitForEvent('download');
    await app.page.getByRole('button', { name: 'Export GeoJSON' }).click();
    const path = await (await download).path();
    const exported = JSON.parse(readFileSync(path, 'utf8')) as { features: unknown[] };
    expect(exported.features).toHaveLength(2);

    await app.page.getByTestId('import-footprints').setInputFiles({
      name: 'broken.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: {},
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [500000, 4400000],
                    [500100, 4400000],
                    [500100, 4400100],
                  ],
                ],
              },
            },
          ],
        }),
      ),
    });
    await app.page.getByTestId('import-error').waitFor();
    await expect(app.page.getByTestId('import-error').textContent()).resolves.toMatch(/features/);
    expect(await footprintCount()).toBe(2);

    await app.page.getByTestId('import-footprints').setInputFiles({
      name: 'footprints.geojson',
      mimeType: 'application/geo+json',
      buffer: readFileSync(path),
    });
    await expect.poll(() => footprintCount()).toBe(4);
  });

  it('logs no console error', () => {
    expect(app.watched.consoleErrors).toEqual([]);
  });
});
