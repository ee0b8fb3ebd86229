// Display controls and metadata editing as a person uses them: band composites, colour ramps,
// stretches (each re-renders the tiles of the open image), the edited date on the map label and
// kept across a reload, and the size budget refusing a file that declares too many pixels.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourRampTable } from '../../src/core/raster/colour-ramp.ts';
import { declaredSizeTiff } from '../integration/declared-size-tiff.ts';
import { openApp, type AppPage } from './app-page.ts';
import { patchMean, patchTexture, type Screenshot } from './pixels.ts';

let app: AppPage;
let centre: { x: number; y: number };
const RADIUS = 80;
/** Set SCREENSHOTS=dir to keep what each step looked like. */
const keep = (name: string, shot: Screenshot) => {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  const png = new PNG({ width: shot.width, height: shot.height });
  shot.data.copy(png.data);
  writeFileSync(`${dir}/${name}.png`, PNG.sync.write(png));
};

beforeAll(async () => {
  app = await openApp();
  const box = await app.mapBox();
  centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  // Only the after image on screen.
  await app.setDivider('Home');
});
afterAll(async () => {
  await app?.close();
});

/** Mean absolute difference between channel `a` of one shot and channel `b` of another. */
function channelDifference(one: Screenshot, a: number, other: Screenshot, b: number): number {
  let total = 0;
  let count = 0;
  for (let j = centre.y - RADIUS; j <= centre.y + RADIUS; j++) {
    for (let i = centre.x - RADIUS; i <= centre.x + RADIUS; i++) {
      const k = (Math.round(j) * one.width + Math.round(i)) * 4;
      total += Math.abs(one.data[k + a] - other.data[k + b]);
      count++;
    }
  }
  return total / count;
}

describe('display controls', () => {
  it('switches the after image to false colour and back without reopening it', async () => {
    const page = app.page;
    const trueColour = await app.screenshot();
    keep('true-colour', trueColour);
    await page.getByRole('combobox', { name: 'After bands' }).selectOption('false');
    await expect(page.getByTestId('display-after-summary').textContent()).resolves.toBe(
      'false colour (NIR, R, G)',
    );
    const falseColour = await app.screenshot();
    keep('false-colour', falseColour);
    // NIR, R, G: the red band now drives green and the green band blue, with the same stretch.
    expect(channelDifference(falseColour, 1, trueColour, 0)).toBeLessThan(3);
    expect(channelDifference(falseColour, 2, trueColour, 1)).toBeLessThan(3);
    expect(channelDifference(falseColour, 0, trueColour, 0)).toBeGreaterThan(10);
    await expect(page.getByTestId('slot-after-loading').count()).resolves.toBe(0);
    expect(await page.evaluate(() => window.sitediffTest!.imageName('after'))).toBe('after.tif');

    await page.getByRole('combobox', { name: 'After bands' }).selectOption('true');
    const again = await app.screenshot();
    expect(channelDifference(again, 0, trueColour, 0)).toBeLessThan(1);
  });

  it('shows one band through the viridis ramp', async () => {
    const page = app.page;
    // One change at a time, each shown before the next, at a person's pace.
    await page.getByRole('combobox', { name: 'After bands' }).selectOption('single');
    await app.screenshot();
    await page.getByRole('combobox', { name: 'After band', exact: true }).selectOption('3');
    await app.screenshot();
    await page.getByRole('combobox', { name: 'After colour ramp' }).selectOption('viridis');
    await expect(page.getByTestId('display-after-summary').textContent()).resolves.toBe(
      'band 4, viridis',
    );
    const shot = await app.screenshot();
    keep('viridis', shot);
    // The legend spans the stretch limits of the band shown.
    const [low, , high] = await page
      .getByTestId('display-after-legend')
      .locator('span')
      .allTextContents();
    expect(Number(low)).toBeGreaterThan(0);
    expect(Number(high)).toBeGreaterThan(Number(low));
    if (process.env.SCREENSHOTS) {
      await page
        .getByTestId('display-after')
        .screenshot({ path: `${process.env.SCREENSHOTS}/viridis-panel.png` });
    }
    const ramp = colourRampTable('viridis');
    let near = 0;
    let count = 0;
    for (let j = centre.y - RADIUS; j <= centre.y + RADIUS; j += 2) {
      for (let i = centre.x - RADIUS; i <= centre.x + RADIUS; i += 2) {
        const k = (Math.round(j) * shot.width + Math.round(i)) * 4;
        let best = Infinity;
        for (let v = 0; v < 256; v++) {
          const d =
            Math.abs(shot.data[k] - ramp[v * 3]) +
            Math.abs(shot.data[k + 1] - ramp[v * 3 + 1]) +
            Math.abs(shot.data[k + 2] - ramp[v * 3 + 2]);
          if (d < best) best = d;
        }
        if (best <= 12) near++;
        count++;
      }
    }
    // Screen pixels blend neighbouring texels of the ramp, which stay close to its curve.
    expect(near / count).toBeGreaterThan(0.9);
    // Grey would sit on the ramp's curve nowhere but by chance: the patch is coloured.
    const [r, g, b] = patchMean(shot, centre.x, centre.y, RADIUS);
    expect(Math.max(Math.abs(r - g), Math.abs(g - b))).toBeGreaterThan(15);
  });

  it('stretches min–max with less contrast than 2–98 %, and takes limits typed by hand', async () => {
    const page = app.page;
    await page.getByRole('combobox', { name: 'After bands' }).selectOption('true');
    const percentile = await app.screenshot();
    await page.getByRole('combobox', { name: 'After stretch' }).selectOption({ label: 'Min–max' });
    const minMax = await app.screenshot();
    keep('min-max', minMax);
    expect(patchTexture(minMax, centre.x, centre.y, RADIUS)).toBeLessThan(
      0.9 * patchTexture(percentile, centre.x, centre.y, RADIUS),
    );

    await page.getByRole('combobox', { name: 'After stretch' }).selectOption('manual');
    const maximum = page.getByRole('spinbutton', { name: 'After band 1 maximum' });
    const minimum = page.getByRole('spinbutton', { name: 'After band 1 minimum' });
    await minimum.fill('0');
    await minimum.press('Enter');
    await maximum.fill('1');
    await maximum.press('Enter');
    const manual = await app.screenshot();
    keep('manual', manual);
    // Every red value is at or above 1: red saturates, green and blue keep the min–max stretch.
    expect(patchMean(manual, centre.x, centre.y, RADIUS)[0]).toBeGreaterThan(250);
    expect(channelDifference(manual, 1, minMax, 1)).toBeLessThan(1);
  });

  it('shows the last of several display changes made while tiles are still loading', async () => {
    const page = app.page;
    const stretch = page.getByRole('combobox', { name: 'After stretch' });
    await stretch.selectOption({ label: '2–98 %' });
    const percentile = await app.screenshot();
    await stretch.selectOption({ label: 'Min–max' });
    const minMax = await app.screenshot();
    // Quicker than tiles render: a change every 30 ms, each while the last one's tiles load.
    // Three rounds, since whether a change lands mid-load depends on the machine's pace.
    for (let round = 0; round < 3; round++) {
      await page.evaluate(async () => {
        const select = document.querySelector<HTMLSelectElement>('[aria-label="After stretch"]')!;
        for (const label of ['2–98 %', 'Min–max', '2–98 %', 'Min–max', '2–98 %']) {
          const option = [...select.options].find((o) => o.textContent === label)!;
          select.value = option.value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
          await new Promise((done) => setTimeout(done, 30));
        }
      });
      // A change lost on the way leaves the map waiting for it: give up long before the test does.
      const settled = await Promise.race([
        page.evaluate(() => window.sitediffTest!.whenIdle()).then(() => true),
        new Promise<false>((done) => setTimeout(() => done(false), 20_000)),
      ]);
      expect(settled, `the map settles after round ${round + 1}`).toBe(true);
    }
    const last = await app.screenshot();
    expect(channelDifference(last, 0, percentile, 0)).toBeLessThan(1);
    expect(channelDifference(last, 0, minMax, 0)).toBeGreaterThan(3);
  });
});

describe('image metadata', () => {
  it('edits date, source and credit; the map label follows; the project keeps them', async () => {
    const page = app.page;
    await expect(page.getByTestId('label-after').textContent()).resolves.toContain('2024-10-04');
    await page.getByLabel('After acquisition date').fill('2024-11-30');
    await expect(page.getByTestId('label-after').textContent()).resolves.toContain('2024-11-30');
    const source = page.getByLabel('After source or sensor');
    await source.fill('WorldView-3');
    await source.press('Enter');
    const credit = page.getByLabel('After credit line');
    await credit.fill('Imagery © Example Corp.');
    await credit.press('Enter');
    await expect(page.getByTestId('metadata-after').textContent()).resolves.toContain('(edited)');
    // The before image keeps its own date.
    await expect(page.getByTestId('label-before').textContent()).resolves.toContain('2024-04-18');

    // Autosave, then a reload restores the project and with it the edits.
    await page.waitForTimeout(1500);
    await app.reload();
    await expect
      .poll(() => page.getByTestId('label-after').textContent(), { timeout: 10_000 })
      .toContain('2024-11-30');
    await expect(page.getByLabel('After source or sensor').inputValue()).resolves.toBe(
      'WorldView-3',
    );
    await expect(page.getByLabel('After credit line').inputValue()).resolves.toBe(
      'Imagery © Example Corp.',
    );
    keep('metadata', await app.screenshot());
    if (process.env.SCREENSHOTS) {
      await page
        .getByTestId('metadata-after')
        .screenshot({ path: `${process.env.SCREENSHOTS}/metadata-panel.png` });
    }

    // Swapped, the edited image is the before one and keeps its date.
    await page.getByRole('button', { name: 'Swap before ⇄ after' }).click();
    await expect(page.getByTestId('label-before').textContent()).resolves.toContain('2024-11-30');
    await expect(page.getByTestId('label-after').textContent()).resolves.toContain('2024-04-18');
    await page.getByRole('button', { name: 'Swap before ⇄ after' }).click();
    await expect(page.getByTestId('label-after').textContent()).resolves.toContain('2024-11-30');
  });
});

describe('size budget', () => {
  it('refuses a file declaring more pixels than the budget, keeping the image shown', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Settings' }).click();
    const budget = page.getByLabel('Size budget in million samples');
    await budget.fill('1');
    await budget.press('Enter');
    await page.getByTestId('file-input-before').setInputFiles({
      name: 'huge.tif',
      mimeType: 'image/tiff',
      buffer: Buffer.from(declaredSizeTiff(100_000)),
    });
    const error = page.getByTestId('slot-before-error');
    await error.waitFor({ timeout: 10_000 });
    const text = await error.textContent();
    expect(text).toContain('huge.tif');
    expect(text).toMatch(/100,000 x 100,000 .*exceeds the budget of 1,000,000.*under Settings/);
    expect(await page.evaluate(() => window.sitediffTest!.imageName('before'))).toBe('before.tif');

    await page.getByRole('button', { name: /Reset to/ }).click();
    await expect(budget.inputValue()).resolves.toBe('536.9');
    await budget.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Settings' }).count()).resolves.toBe(0);
    expect(app.watched.consoleErrors).toEqual([]);
  });
});
