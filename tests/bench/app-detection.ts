// `npm run bench:app`: "Detect changes" on the demo site in the built app (headless Chromium, as
// the end-to-end tests run it), timed from the click to the result on screen, a fresh page each
// run. Options: --runs N (default 3). Builds the app first when dist/ (or SITEDIFF_DIST_DIR) has
// none.
import { openApp } from '../e2e/app-page.ts';

const runsArgument = process.argv.indexOf('--runs');
const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 3;
const seconds: number[] = [];
let regions = 0;
for (let run = 0; run < runs; run++) {
  const app = await openApp();
  try {
    const started = performance.now();
    await app.page.getByRole('button', { name: 'Detect changes' }).click();
    await app.page.getByTestId('changes-result').waitFor({ timeout: 120_000 });
    await app.page.getByTestId('changes-running').waitFor({ state: 'detached', timeout: 120_000 });
    seconds.push((performance.now() - started) / 1000);
    const changes = await app.page.evaluate(() => window.sitediffTest!.changes());
    regions = changes?.regions.features.length ?? 0;
  } finally {
    await app.close();
  }
}
console.log(
  JSON.stringify({
    runs,
    secondsFromClickToResult: seconds.map((s) => Number(s.toFixed(2))),
    regions,
  }),
);
