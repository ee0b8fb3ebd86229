// A page object for the app: starts the built app and a browser, and offers what a person does
// (pick files, drop files, move the divider) and sees (screenshots, where a place is on screen).
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPage } from './browser.ts';
import { decodePng, type Screenshot } from './pixels.ts';
import { startAppServer } from './server.ts';

export type Side = 'before' | 'after';

export interface AppPage {
  readonly page: Page;
  readonly watched: ReturnType<typeof watchPage>;
  screenshot(): Promise<Screenshot>;
  mapBox(): Promise<{ x: number; y: number; width: number; height: number }>;
  onScreen(lonLat: [number, number]): Promise<{ x: number; y: number }>;
  setDivider(key: 'Home' | 'End'): Promise<void>;
  waitForImage(side: Side, name: string): Promise<void>;
  dropFiles(testId: string, files: { name: string; bytes: Uint8Array }[]): Promise<void>;
  /** Reloads the page and waits until both images are shown again. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

async function waitForBothImages(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      window.sitediffTest?.imageStatus('before') === 'ready' &&
      window.sitediffTest?.imageStatus('after') === 'ready',
    undefined,
    { timeout: 60_000 },
  );
  await page.evaluate(() => window.sitediffTest!.whenIdle());
}

export async function openApp(): Promise<AppPage> {
  const server = await startAppServer();
  let browser: Browser | null = null;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watched = watchPage(page);
    await page.goto(server.url);
    await waitForBothImages(page);
    const opened = browser;
    const app: AppPage = {
      page,
      watched,
      async screenshot() {
        await page.evaluate(() => window.sitediffTest!.whenIdle());
        // Two animation frames: whatever the last input changed has been painted.
        await page.evaluate(
          () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
        return decodePng(await page.screenshot());
      },
      async mapBox() {
        const box = await page.getByTestId('compare-view').boundingBox();
        if (!box) throw new Error('The compare view is not on screen.');
        return box;
      },
      async onScreen(lonLat) {
        const box = await app.mapBox();
        const p = await page.evaluate((ll) => window.sitediffTest!.project(ll), lonLat);
        return { x: box.x + p.x, y: box.y + p.y };
      },
      async setDivider(key) {
        await page.getByRole('slider', { name: 'Swipe between before and after' }).focus();
        await page.keyboard.press(key);
      },
      async waitForImage(side, name) {
        await page.waitForFunction(
          ([s, n]) =>
            window.sitediffTest?.imageName(s as Side) === n &&
            window.sitediffTest?.imageStatus(s as Side) === 'ready',
          [side, name],
          { timeout: 30_000 },
        );
        await page.evaluate(() => window.sitediffTest!.whenIdle());
      },
      async dropFiles(testId, files) {
        const target = page.getByTestId(testId);
        const payload = files.map((f) => ({ name: f.name, bytes: [...f.bytes] }));
        const dataTransfer = await page.evaluateHandle((items) => {
          const transfer = new DataTransfer();
          for (const item of items) {
            transfer.items.add(
              new File([new Uint8Array(item.bytes)], item.name, { type: 'image/tiff' }),
            );
          }
          return transfer;
        }, payload);
        await target.dispatchEvent('dragenter', { dataTransfer });
        await target.dispatchEvent('dragover', { dataTransfer });
        await target.dispatchEvent('drop', { dataTransfer });
      },
      async reload() {
        await page.reload();
        await waitForBothImages(page);
      },
      async close() {
        await opened.close();
        await server.close();
      },
    };
    return app;
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}
