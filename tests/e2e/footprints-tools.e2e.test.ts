// The quicker ways to a footprint: one click on a detected change, and the live measurement while a
// building is drawn (with Escape dropping it).
import { readFileSync } from 'node:fs';
import { area, booleanPointInPolygon, polygon } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footprintGeometryProblems } from '../../src/core/schema/footprint-geometry.ts';
import { openApp, type AppPage } from './app-page.ts';
import { drawBuilding, leadingSquareMetres } from './footprints-page.ts';
import { truthCentre, truthFeature, truthRing } from './demo-truth.ts';

let app: AppPage;
beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

const items = () => app.page.getByTestId('footprint-item');
const sketchText = () => app.page.getByTestId('sketch-measurement');
async function exportFeatures() {
  const download = app.page.waitForEvent('download');
  await app.page.getByRole('button', { name: 'Export GeoJSON' }).click();
  return (
    JSON.parse(readFileSync(await (await download).path(), 'utf8')) as {
      features: { properties: { label: string }; geometry: { coordinates: number[][][] } }[];
    }
  ).features;
}
/** Moves to each screen point in turn and clicks there. */
async function clickInTurn(points: number[][]) {
  for (const [x, y] of points) {
    await app.page.mouse.move(x, y, { steps: 4 });
    await app.page.mouse.click(x, y);
  }
}
/** The footprint just drawn beside the main assembly building, once it is listed. */
async function drawnBesideTheBuilding() {
  await expect.poll(() => items().count()).toBe(2);
  return (await exportFeatures()).find((f) => f.properties.label !== 'main assembly building');
}
/** Metres east and north of `origin`, near enough for a few hundred metres. */
const localMetres = ([lon, lat]: number[], origin: number[]) => [
  (lon - origin[0]) * Math.cos((origin[1] * Math.PI) / 180) * 111_320,
  (lat - origin[1]) * 110_574,
];

describe('footprints from detected changes', () => {
  it('turns the change over the new assembly building into its oriented rectangle in one click', async () => {
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    await app.page.getByTestId('changes-result').waitFor({ timeout: 120_000 });
    await app.page.getByTestId('change-footprints').waitFor();
    const regions = await app.page.evaluate(() => window.sitediffTest!.changes()!.regions.features);
    const centre = truthCentre('new-assembly');
    const region = regions.find((r) =>
      booleanPointInPolygon(centre, polygon(r.geometry.coordinates)),
    );
    if (!region) throw new Error('No detected region covers the new assembly building');

    const p = await app.onScreen(centre);
    await app.page.mouse.click(p.x, p.y);
    const picked = app.page.locator('[data-testid="change-item"]:has([aria-expanded="true"])');
    await expect(picked.getAttribute('data-change-id')).resolves.toBe(
      `change-${region.properties.id}`,
    );
    await picked.getByRole('button', { name: 'Make footprint (rectangle)' }).click();
    await expect.poll(() => items().count()).toBe(1);
    await expect(picked.textContent()).resolves.toContain('footprint made');

    // It is the minimum-area rectangle the detector reported for that region (same length and
    // width to a centimetre or so) and so at least as large as the region itself.
    const text = await app.page.getByTestId('footprint-measurement').textContent();
    const match = /· ([\d.,]+) × ([\d.,]+) m ·/.exec(text ?? '');
    const [lengthMetres, widthMetres] = [match?.[1], match?.[2]].map((v) =>
      Number(v?.replace(/,/g, '')),
    );
    const { orientedRectangle } = region.properties;
    expect(lengthMetres).toBeCloseTo(orientedRectangle.lengthMetres, 0);
    expect(widthMetres).toBeCloseTo(orientedRectangle.widthMetres, 0);
    expect(leadingSquareMetres(text)).toBeGreaterThan(region.properties.areaSquareMetres);

    // One undo takes the footprint back (and the change is unreviewed again).
    await app.page.locator('body').click({ position: { x: 5, y: 400 } });
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => items().count()).toBe(0);
  });

  it('makes a footprint of an outline from the list, and explains why a self-touching one cannot be', async () => {
    // With vegetation kept, the lacy regions of the tree clumps include outlines that touch
    // themselves.
    await app.page.getByLabel('Leave out vegetation').uncheck();
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    await expect
      .poll(() => app.page.evaluate(() => window.sitediffTest!.changes()?.vegetation === null), {
        timeout: 120_000,
      })
      .toBe(true);
    const regions = await app.page.evaluate(() => window.sitediffTest!.changes()!.regions.features);
    const byArea = [...regions].sort(
      (a, b) => b.properties.areaSquareMetres - a.properties.areaSquareMetres,
    );
    const valid = byArea.find((r) => !footprintGeometryProblems(r.geometry.coordinates).length);
    const crossing = byArea.find((r) => footprintGeometryProblems(r.geometry.coordinates).length);
    if (!valid || !crossing) throw new Error('Expected both simple and self-touching regions');

    const entry = (id: number) => app.page.locator(`[data-change-id="change-${id}"]`);
    await entry(crossing.properties.id).getByRole('button').first().click();
    // Its outline touches itself: the button says why and offers nothing.
    const outlineButton = entry(crossing.properties.id).getByRole('button', {
      name: 'Make footprint (outline)',
    });
    await expect(outlineButton.isDisabled()).resolves.toBe(true);
    await expect(outlineButton.getAttribute('title')).resolves.toMatch(/self-intersecting/);
    expect(await items().count()).toBe(0);

    await entry(valid.properties.id).getByRole('button').first().click();
    await entry(valid.properties.id)
      .getByRole('button', { name: 'Make footprint (outline)' })
      .click();
    await expect.poll(() => items().count()).toBe(1);
    // The footprint's area is the detected region's own (geodesic vs turf's spherical area: 0.5%).
    const text = await app.page.getByTestId('footprint-measurement').textContent();
    const expected = area(valid.geometry);
    expect(Math.abs(leadingSquareMetres(text) - expected) / expected).toBeLessThan(0.005);
    await app.page.getByRole('button', { name: 'Delete footprint' }).click();
    await expect.poll(() => items().count()).toBe(0);
    await app.page.getByLabel('Leave out vegetation').check();
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    await expect
      .poll(() => app.page.evaluate(() => !!window.sitediffTest!.changes()?.vegetation), {
        timeout: 120_000,
      })
      .toBe(true);
  });

  it('keeps the detected changes across a reload, on the map and one click from a footprint', async () => {
    const count = await app.page.getByTestId('change-item').count();
    await app.page.waitForTimeout(1_000); // autosave runs within a second of a change
    await app.page.reload();
    await app.page.waitForFunction(() => window.sitediffTest?.imageStatus('after') === 'ready');
    await app.page.evaluate(() => window.sitediffTest!.whenIdle());
    await expect.poll(() => app.page.getByTestId('change-item').count()).toBe(count);

    const p = await app.onScreen(truthCentre('new-assembly'));
    await app.page.mouse.click(p.x, p.y);
    const picked = app.page.locator('[data-testid="change-item"]:has([aria-expanded="true"])');
    await picked.getByRole('button', { name: 'Make footprint (rectangle)' }).click();
    await expect.poll(() => items().count()).toBe(1);
    await app.page.getByRole('button', { name: 'Delete footprint' }).click();
    await expect.poll(() => items().count()).toBe(0);
  });
});

describe('live measurement while drawing', () => {
  it('updates length, width and area as the building tool moves, and Escape drops the shape', async () => {
    await app.page.getByRole('button', { name: 'Building', exact: true }).click();
    const corners = truthRing('main-assembly');
    const [a, b, c] = await Promise.all(corners.slice(0, 3).map((corner) => app.onScreen(corner)));
    await app.page.mouse.click(a.x, a.y);
    await app.page.mouse.move(b.x, b.y, { steps: 4 });
    await app.page.mouse.click(b.x, b.y);
    // Halfway to the third corner, then all the way: the area grows with the width.
    await app.page.mouse.move((b.x + c.x) / 2, (b.y + c.y) / 2, { steps: 4 });
    await sketchText().waitFor();
    const half = leadingSquareMetres(await sketchText().textContent());
    await app.page.mouse.move(c.x, c.y, { steps: 4 });
    await expect
      .poll(async () => leadingSquareMetres(await sketchText().textContent()))
      .toBeGreaterThan(half * 1.5);
    const full = leadingSquareMetres(await sketchText().textContent());
    const truthArea = truthFeature('main-assembly').properties.areaSquareMetres;
    expect(Math.abs(full - truthArea) / truthArea).toBeLessThan(0.05);
    await expect(sketchText().textContent()).resolves.toMatch(/× [\d.,]+ m · perimeter/);

    await app.page.keyboard.press('Escape');
    await expect.poll(() => sketchText().count()).toBe(0);
    await app.page.mouse.move(c.x + 30, c.y + 30, { steps: 2 });
    expect(await items().count()).toBe(0);
    await app.page.getByRole('button', { name: 'Select', exact: true }).click();
  });

  it('squares the corners of a polygon with the right-angle aid', async () => {
    await app.page.getByRole('button', { name: 'Polygon', exact: true }).click();
    await app.page.getByLabel(/Right angles/).check();
    const box = await app.mapBox();
    // A slanted first edge, then a second one about 12° off square: the aid turns it by 90°.
    const [start, corner, end] = [
      [300, 300],
      [420, 260],
      [470, 390],
    ];
    // Then clicks towards a fourth corner and on the start, which finish the outline.
    for (const [dx, dy] of [start, corner, end, [350, 430], start]) {
      await app.page.mouse.move(box.x + dx, box.y + dy, { steps: 4 });
      await app.page.mouse.click(box.x + dx, box.y + dy);
    }
    await expect.poll(() => items().count()).toBe(1);
    const download = app.page.waitForEvent('download');
    await app.page.getByRole('button', { name: 'Export GeoJSON' }).click();
    const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as {
      features: { geometry: { coordinates: [number, number][][] } }[];
    };
    const ring = exported.features[0].geometry.coordinates[0].slice(0, -1);
    const onScreen = await Promise.all(ring.map((p) => app.onScreen(p)));
    const at = onScreen.findIndex(
      (p) => Math.hypot(p.x - box.x - corner[0], p.y - box.y - corner[1]) < 2,
    );
    expect(at).toBeGreaterThanOrEqual(0);
    // Angle at the corner, in a local east/north frame.
    const b = ring[at];
    const [a, c] = [ring[(at + ring.length - 1) % ring.length], ring[(at + 1) % ring.length]];
    const cosLat = Math.cos((b[1] * Math.PI) / 180);
    const u = [(a[0] - b[0]) * cosLat, a[1] - b[1]];
    const v = [(c[0] - b[0]) * cosLat, c[1] - b[1]];
    const angleDegrees =
      (Math.acos((u[0] * v[0] + u[1] * v[1]) / (Math.hypot(...u) * Math.hypot(...v))) * 180) /
      Math.PI;
    expect(angleDegrees).toBeCloseTo(90, 1);
    await app.page.keyboard.press('Escape');
    await app.page.getByRole('button', { name: 'Select', exact: true }).click();
    await items().first().click();
    await app.page.getByRole('button', { name: 'Delete footprint' }).click();
    await expect.poll(() => items().count()).toBe(0);
  });

  it('snaps a polygon vertex to the corner of another footprint', async () => {
    await drawBuilding(app, 'main-assembly', 'main assembly building');
    await expect.poll(() => items().count()).toBe(1);
    const [building] = await exportFeatures();
    const corner = building.geometry.coordinates[0][0] as [number, number];

    // Three pixels off the corner, then two more vertices away from the building.
    await app.page.getByRole('button', { name: 'Polygon', exact: true }).click();
    const c = await app.onScreen(corner);
    await clickInTurn([
      [c.x + 3, c.y + 2],
      [c.x + 80, c.y + 60],
      [c.x - 20, c.y + 90],
      [c.x + 3, c.y + 2],
    ]);
    const drawn = await drawnBesideTheBuilding();
    const vertices = drawn?.geometry.coordinates[0] ?? [];
    const nearestMetres = Math.min(
      ...vertices.map(([lon, lat]) =>
        Math.hypot(
          (lon - corner[0]) * Math.cos((lat * Math.PI) / 180) * 111_320,
          (lat - corner[1]) * 110_574,
        ),
      ),
    );
    // On the corner to the coordinate precision terra-draw keeps (about 1 cm).
    expect(nearestMetres).toBeLessThan(0.05);
    await app.page.keyboard.press('Escape');
    await app.page.getByRole('button', { name: 'Select', exact: true }).click();
  });

  it('snaps the first corner of a building to the edge of another footprint', async () => {
    // Only the building is left to snap to.
    await items().nth(1).click();
    await app.page.getByRole('button', { name: 'Delete footprint' }).click();
    await expect.poll(() => items().count()).toBe(1);
    const [building] = await exportFeatures();
    const ring = building.geometry.coordinates[0];
    const [start, end] = [ring[0], ring[1]];
    const middle = [(start[0] + end[0]) / 2, (start[1] + end[1]) / 2] as [number, number];
    const centre = ring
      .slice(0, 4)
      .reduce((sum, p) => [sum[0] + p[0] / 4, sum[1] + p[1] / 4], [0, 0]);
    const [m, s, e, o] = await Promise.all(
      [middle, start, end, centre].map((p) => app.onScreen(p as [number, number])),
    );
    // Unit vectors on screen: out of the building through the edge, and along the edge.
    const out = [m.x - o.x, m.y - o.y].map((v) => v / Math.hypot(m.x - o.x, m.y - o.y));
    // Along the edge leftwards, away from the swipe divider in the middle of the map.
    const leftwards = e.x < s.x ? 1 : -1;
    const along = [e.x - s.x, e.y - s.y].map(
      (v) => (leftwards * v) / Math.hypot(e.x - s.x, e.y - s.y),
    );
    const offPixels = 5;
    const metresPerPixel =
      Math.hypot(...localMetres(end, start)) / Math.hypot(e.x - s.x, e.y - s.y);

    await app.page.getByRole('button', { name: 'Building', exact: true }).click();
    await clickInTurn([
      [m.x + out[0] * offPixels, m.y + out[1] * offPixels],
      [m.x + out[0] * 100, m.y + out[1] * 100],
      [m.x + out[0] * 100 + along[0] * 60, m.y + out[1] * 100 + along[1] * 60],
    ]);
    const drawn = await drawnBesideTheBuilding();
    const corners = drawn?.geometry.coordinates[0] ?? [];
    // The corner nearest the edge's middle, as metres from the edge's line.
    const [ex, ey] = localMetres(end, start);
    const offEdgeMetres = Math.min(
      ...corners.map((corner) => {
        const [x, y] = localMetres(corner, start);
        return Math.abs(ex * y - ey * x) / Math.hypot(ex, ey);
      }),
    );
    expect(offPixels * metresPerPixel).toBeGreaterThan(1);
    expect(offEdgeMetres).toBeLessThan(0.05);
    await app.page.getByRole('button', { name: 'Select', exact: true }).click();
  });

  it('logs no console error', () => {
    expect(app.watched.consoleErrors).toEqual([]);
  });
});
