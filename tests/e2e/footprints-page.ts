// What the footprint tests do through the app, as a person would: draw a building over one of the
// demo's, and read the footprint list.
import type { AppPage } from './app-page.ts';
import { truthRing } from './demo-truth.ts';

export const footprintItems = (app: AppPage) => app.page.getByTestId('footprint-item');

/** The first area in a measurement: "4,292 m² (…) · …" -> 4292. */
export const leadingSquareMetres = (text: string | null) =>
  Number(/([\d,]+) m²/.exec(text ?? '')?.[1].replace(/,/g, ''));

/** The building tool: one edge (two clicks), then a click that sets the width; then a label. */
export async function drawBuilding(app: AppPage, truthId: string, label: string) {
  await app.page.getByRole('button', { name: 'Building', exact: true }).click();
  const corners = truthRing(truthId);
  for (const corner of [corners[0], corners[1], corners[2]]) {
    const p = await app.onScreen(corner);
    await app.page.mouse.move(p.x, p.y, { steps: 3 });
    await app.page.mouse.click(p.x, p.y);
  }
  const editor = app.page.getByTestId('footprint-editor');
  await editor.waitFor();
  const field = editor.getByRole('textbox').first();
  await field.fill(label);
  await field.press('Enter');
}
