// Editing footprints on the map and in the panel as an analyst does: selecting on the map or in
// the list, dragging a footprint and one of its corners (each undone by one Ctrl+Z), a colour
// picked in one step, the category list, and the project's notes kept across a reload.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppPage } from './app-page.ts';
import { truthCentre } from './demo-truth.ts';
import { drawBuilding, footprintItems, leadingSquareMetres } from './footprints-page.ts';

let app: AppPage;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

const items = () => footprintItems(app);
const editor = () => app.page.getByTestId('footprint-editor');
const measurement = () => app.page.getByTestId('footprint-measurement').textContent();

/** The outline of the main assembly building's footprint, as exported. */
async function mainOutline(): Promise<number[][]> {
  const download = app.page.waitForEvent('download');
  await app.page.getByRole('button', { name: 'Export GeoJSON' }).click();
  const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as {
    features: { properties: { label: string }; geometry: { coordinates: number[][][] } }[];
  };
  const main = exported.features.find((f) => f.properties.label === 'main assembly building');
  if (!main) throw new Error('No main assembly building footprint');
  return main.geometry.coordinates[0];
}

async function drag(from: { x: number; y: number }, by: [number, number]) {
  await app.page.mouse.move(from.x, from.y, { steps: 2 });
  await app.page.mouse.down();
  await app.page.mouse.move(from.x + by[0], from.y + by[1], { steps: 10 });
  await app.page.mouse.up();
}

/** Ctrl+Z with the focus off any field (and the selection kept: a click on the map clears it). */
async function undo() {
  await app.page.getByTestId('footprints-panel').locator('h3').click();
  await app.page.keyboard.press('Control+z');
}

describe('editing footprints', () => {
  it('lists each footprint with its area range, length × width and perimeter', async () => {
    await drawBuilding(app, 'main-assembly', 'main assembly building');
    await drawBuilding(app, 'new-assembly', 'new assembly building');
    await expect.poll(() => items().count()).toBe(2);
    await expect(items().nth(0).getByTestId('footprint-dimensions').textContent()).resolves.toMatch(
      /^[\d,]+–[\d,]+ m² · [\d.,]+ × [\d.,]+ m · perimeter [\d.,]+ m$/,
    );
  });

  it('selects a footprint clicked on the map in the list, and the reverse', async () => {
    await app.page.getByRole('button', { name: 'Select', exact: true }).click();
    for (const [index, id] of [
      [0, 'main-assembly'],
      [1, 'new-assembly'],
    ] as const) {
      const p = await app.onScreen(truthCentre(id));
      await app.page.mouse.click(p.x, p.y);
      await expect.poll(() => items().nth(index).getAttribute('aria-current')).toBe('true');
      await expect(
        items()
          .nth(1 - index)
          .getAttribute('aria-current'),
      ).resolves.toBe('false');
    }
    // Chosen in the list, the main building is the one selected on the map: its corner drags.
    await items().nth(0).click();
    await expect(editor().getByRole('textbox').first().inputValue()).resolves.toBe(
      'main assembly building',
    );
    const before = await measurement();
    const outline = await mainOutline();
    const corner = await app.onScreen(outline[1] as [number, number]);
    await drag(corner, [30, 20]);
    await expect.poll(() => measurement()).not.toBe(before);
    const moved = await mainOutline();
    expect(moved).not.toEqual(outline);
    // Only one corner moved.
    expect(moved.filter((p, i) => p[0] !== outline[i][0] || p[1] !== outline[i][1])).toHaveLength(
      1,
    );
    await undo();
    await expect.poll(() => measurement()).toBe(before);
    expect(await mainOutline()).toEqual(outline);
  });

  it('moves a dragged footprint and puts it back with one undo', async () => {
    await items().nth(0).click();
    const before = await measurement();
    const outline = await mainOutline();
    const centre = await app.onScreen(truthCentre('main-assembly'));
    await drag(centre, [40, 25]);
    await expect.poll(async () => (await mainOutline())[0]).not.toEqual(outline[0]);
    const moved = await mainOutline();
    // Every corner moved the same way on screen, and the area is the same to the square metre.
    const [a, b] = await Promise.all([
      app.onScreen(outline[0] as [number, number]),
      app.onScreen(moved[0] as [number, number]),
    ]);
    expect(b.x - a.x).toBeCloseTo(40, -1);
    expect(b.y - a.y).toBeCloseTo(25, -1);
    expect(await measurement()).toBe(before);
    await undo();
    await expect.poll(() => mainOutline()).toEqual(outline);

    // The arrow keys nudge it east by one pixel of the imagery (0.5 m), one undo step each.
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await mainOutline())[0][0]).toBeGreaterThan(outline[0][0]);
    const nudged = await mainOutline();
    const eastMetres =
      (nudged[0][0] - outline[0][0]) * Math.cos((outline[0][1] * Math.PI) / 180) * 111_320;
    expect(eastMetres).toBeCloseTo(0.5, 2);
    expect(nudged[0][1]).toBeCloseTo(outline[0][1], 9);
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => mainOutline()).toEqual(outline);
  });

  it('rotates the selected footprint with Alt+drag, undone in one step', async () => {
    const outline = await mainOutline();
    const centre = await app.onScreen(truthCentre('main-assembly'));
    // Selected from the map, so the map has the keyboard focus terra-draw reads held keys from.
    await app.page.mouse.click(centre.x, centre.y);
    await expect.poll(() => items().nth(0).getAttribute('aria-current')).toBe('true');
    const area = leadingSquareMetres(await measurement());
    const corner = await app.onScreen(outline[0] as [number, number]);
    const grip = { x: (corner.x + centre.x) / 2, y: (corner.y + centre.y) / 2 };
    await app.page.keyboard.down('Alt');
    await drag(
      grip,
      [grip.y - centre.y, centre.x - grip.x].map((v) => v * 0.5) as [number, number],
    );
    await app.page.keyboard.up('Alt');
    await expect.poll(async () => (await mainOutline())[0]).not.toEqual(outline[0]);
    // Turned, not moved or stretched: the same area (to the rounding of terra-draw's rotation).
    const rotatedArea = leadingSquareMetres(await measurement());
    expect(Math.abs(rotatedArea - area) / area).toBeLessThan(0.005);
    await undo();
    await expect.poll(() => mainOutline()).toEqual(outline);
  });

  it('records one undo step per colour picked, however many moves the picker makes', async () => {
    await items().nth(0).click();
    const swatch = items().nth(0).locator('.footprints__swatch');
    const original = await swatch.evaluate((e) => getComputedStyle(e).backgroundColor);
    await editor()
      .locator('input[type="color"]')
      .evaluate((input: HTMLInputElement) => {
        // What the picker sends while the user drags over it, then the pick.
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        for (const colour of ['#112233', '#445566', '#00ff00']) {
          setValue.call(input, colour);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    await expect
      .poll(() => swatch.evaluate((e) => getComputedStyle(e).backgroundColor))
      .toBe('rgb(0, 255, 0)');
    await undo();
    await expect
      .poll(() => swatch.evaluate((e) => getComputedStyle(e).backgroundColor))
      .toBe(original);
  });

  it('edits the category list: add, rename (on its footprints too), remove', async () => {
    const categories = app.page.getByTestId('categories-editor');
    await categories.locator('summary').click();
    const count = await categories.getByTestId('category-entry').count();
    await categories.getByLabel('New category').fill('radar site');
    await categories.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => categories.getByTestId('category-entry').count()).toBe(count + 1);

    await items().nth(0).click();
    const category = editor().getByLabel('Category');
    await category.selectOption('radar site');
    const name = categories.getByLabel('Name of category radar site');
    await name.fill('radar station');
    await name.press('Enter');
    await expect.poll(() => category.inputValue()).toBe('radar station');
    await undo();
    await expect.poll(() => category.inputValue()).toBe('radar site');

    await categories.getByRole('button', { name: 'Remove category radar site' }).click();
    await expect.poll(() => categories.getByTestId('category-entry').count()).toBe(count);
    // The footprint keeps its annotation.
    expect(await category.inputValue()).toBe('radar site');
  });

  it('keeps the project notes across a reload', async () => {
    const notes = app.page.getByLabel('Project notes');
    await notes.fill('Crane removed between April and October; <b>check</b> with Planet.');
    await notes.blur();
    await app.page.waitForTimeout(1_000); // autosave runs within a second of a change
    await app.reload();
    await expect
      .poll(() => app.page.getByLabel('Project notes').inputValue())
      .toBe('Crane removed between April and October; <b>check</b> with Planet.');
    expect(await app.page.locator('[data-testid="footprints-panel"] b').count()).toBe(0);
  });

  it('logs no console error', () => {
    expect(app.watched.consoleErrors).toEqual([]);
  });
});
