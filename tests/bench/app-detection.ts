// `npm run bench:app`: "Detect changes" on the demo site in the built app (headless Chromium, as
// the end-to-end tests run it), timed from the click to the result on screen, and to the end of
// reading the two images (the progress line leaves "Reading the images"), a fresh page each run.
// Options: --runs N (default 3); --local-files: the demo's two GeoTIFFs opened as local files (as
// a user picks them) instead of read from the app's server by HTTP range requests. Needs the built
// app: `npm run build` first (SITEDIFF_DIST_DIR=DIR for another build folder).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp } from '../e2e/app-page.ts';

const runsArgument = process.argv.indexOf('--runs');
const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 3;
const localFiles = process.argv.includes('--local-files');
const site = resolve(import.meta.dirname, '../../fixtures/demo-site');
const seconds: number[] = [];
const reading: number[] = [];
let regions = 0;
for (let run = 0; run < runs; run++) {
  const app = await openApp();
  try {
    if (localFiles) {
      for (const side of ['before', 'after'] as const) {
        await app.page.getByTestId(`file-input-${side}`).setInputFiles({
          name: `local-${side}.tif`,
          mimeType: 'image/tiff',
          buffer: readFileSync(resolve(site, `${side}.tif`)),
        });
        await app.waitForImage(side, `local-${side}.tif`);
      }
    }
    const started = performance.now();
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    // Every animation frame, so the end of reading is seen within one.
    await app.page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="changes-running"]')?.textContent ?? '';
        return text !== '' && !/Starting|Reading/.test(text);
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    reading.push((performance.now() - started) / 1000);
    await app.page.getByTestId('changes-result').waitFor({ timeout: 120_000 });
    await app.page.getByTestId('changes-running').waitFor({ state: 'detached', timeout: 120_000 });
    seconds.push((performance.now() - started) / 1000);
    const changes = await app.page.evaluate(() => window.sitediffTest!.changes());
    regions = changes?.regions.features.length ?? 0;
  } finally {
    await app.close();
  }
}
const rounded = (values: number[]) => values.map((s) => Number(s.toFixed(2)));
console.log(
  JSON.stringify({
    runs,
    source: localFiles ? 'local files' : 'the app server (HTTP range requests)',
    secondsFromClickToResult: rounded(seconds),
    secondsReading: rounded(reading),
    regions,
  }),
);
