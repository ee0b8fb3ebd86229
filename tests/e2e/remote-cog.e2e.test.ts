// A Cloud-Optimized GeoTIFF by URL after it has opened: zooming in fetches only the finer
// overview's tiles of the view, the slot shows what was fetched, a server without CORS headers is
// named, and the worker lets go of every image the slots no longer show.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsFromGeoKeys, crsTransformer } from '../../src/core/georef/crs.ts';
import { arrayBufferSource, ChunkedReader } from '../../src/core/raster/byte-source.ts';
import { encodeGeoTiff } from '../../src/core/raster/write-geotiff.ts';
import { readTiffStructure } from '../../src/core/raster/tiff-ifd.ts';
import { Tag, tagNumber, tagNumbers } from '../../src/core/raster/tiff-tags.ts';
import { openApp, type AppPage } from './app-page.ts';
import { startRangeServer, type RangeServer } from './range-server.ts';

let app: AppPage;
let server: RangeServer;
/** Small reads (tiles under 256 KiB here) are fetched in the reader's aligned chunks of this size. */
const CHUNK_BYTES = 64 * 1024;
/** A 4096 × 4096 COG at 0.25 m over the demo site, with overviews of 2048, 1024, 512 and 256. */
let largeCog: Uint8Array;
// The demo site's origin (fixtures/demo-site/site.json), at half its pixel size.
const LARGE_COG_ORIGIN = [371260, 4418250] as const;
const LARGE_COG_PIXEL_METRES = 0.25;

/**
 * The demo site's 0.5 m pixels at the fitted view fill much of the screen once zoomed in; this
 * finer image needs full resolution only for a part of itself when zoomed two steps in.
 */
function largeSiteCog(): Uint8Array {
  const size = 4096;
  const band = new Uint8Array(size * size);
  let seed = 1;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      band[r * size + c] = 120 + 50 * Math.sin(c / 37) * Math.cos(r / 53) + ((seed >>> 24) & 31);
    }
  }
  return encodeGeoTiff(
    { width: size, height: size, bands: [band], dataType: 'Byte', noData: null },
    {
      geoTransform: [
        LARGE_COG_ORIGIN[0],
        LARGE_COG_PIXEL_METRES,
        0,
        LARGE_COG_ORIGIN[1],
        0,
        -LARGE_COG_PIXEL_METRES,
      ],
      crs: { epsg: 32652, kind: 'projected' },
      deflateLevel: 1,
    },
  );
}

interface Level {
  readonly width: number;
  /** [offset, end) of each tile in the file. */
  readonly tiles: readonly (readonly [number, number])[];
}

/** Where each level's tiles lie in the file, read from its IFDs. */
async function levelsOf(bytes: Uint8Array): Promise<Level[]> {
  const buffer = bytes.slice().buffer;
  const tiff = await readTiffStructure(new ChunkedReader(arrayBufferSource(buffer)));
  return tiff.directories.map((directory) => {
    const offsets = tagNumbers(directory, Tag.TileOffsets)!;
    const counts = tagNumbers(directory, Tag.TileByteCounts)!;
    const tiles = Array.from(offsets, (offset, i) => [offset, offset + counts[i]] as const);
    return { width: tagNumber(directory, Tag.ImageWidth)!, tiles };
  });
}

/** Which of each level's tiles (index 0 full resolution) the requests fetched whole. */
function tilesFetched(levels: Level[], requests: RangeServer['requests']): Set<number>[] {
  const ranges = requests
    .map((r) => /bytes=(\d+)-(\d+)/.exec(r.range!)!.slice(1).map(Number))
    .sort((a, b) => a[0] - b[0]);
  // A tile may span several of the reader's chunks: walk the ranges in order from its start.
  const covered = ([start, end]: readonly [number, number]) =>
    ranges.reduce(
      (reached, [r0, r1]) => (r0 <= reached && r1 >= reached ? r1 + 1 : reached),
      start,
    ) >= end;
  return levels.map(
    (level) => new Set(level.tiles.flatMap((tile, index) => (covered(tile) ? [index] : []))),
  );
}

/**
 * The full-resolution tiles of the large COG that the map view shows some of, the view grown by
 * `marginPixels` on every side.
 */
async function fullResolutionTilesInView(marginPixels = 0): Promise<Set<number>> {
  // The COG's CRS as the reader makes it from its geokeys.
  const utm52 = crsFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32652 })!;
  const toLonLat = crsTransformer(utm52, 'EPSG:4326');
  const tileMetres = 256 * LARGE_COG_PIXEL_METRES;
  const corners: [number, number][] = [];
  for (let row = 0; row <= 16; row++) {
    for (let column = 0; column <= 16; column++) {
      const [lon, lat] = toLonLat.forward([
        LARGE_COG_ORIGIN[0] + column * tileMetres,
        LARGE_COG_ORIGIN[1] - row * tileMetres,
      ]);
      corners.push([lon, lat]);
    }
  }
  const screen = await app.page.evaluate(
    (points) => points.map((p) => window.sitediffTest!.project(p)),
    corners,
  );
  const box = await app.mapBox();
  const inView = new Set<number>();
  for (let row = 0; row < 16; row++) {
    for (let column = 0; column < 16; column++) {
      const around = [0, 1].flatMap((dr) =>
        [0, 1].map((dc) => screen[(row + dr) * 17 + column + dc]),
      );
      const xs = around.map((p) => p.x);
      const ys = around.map((p) => p.y);
      const m = marginPixels;
      if (Math.max(...xs) > -m && Math.min(...xs) < box.width + m)
        if (Math.max(...ys) > -m && Math.min(...ys) < box.height + m) inView.add(row * 16 + column);
    }
  }
  return inView;
}

/** "1.2 MiB fetched of 24 MiB" → bytes fetched. */
function fetchedBytes(text: string): number {
  const match = /([\d.,]+) (B|KiB|MiB) fetched/.exec(text);
  if (!match) throw new Error(`No bytes fetched in "${text}"`);
  const unit = { B: 1, KiB: 1024, MiB: 1024 ** 2 }[match[2] as 'B' | 'KiB' | 'MiB'];
  return Number(match[1].replace(/,/g, '')) * unit;
}

/** Set SCREENSHOTS=dir to keep what the page looked like. */
async function keepScreenshot(name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS;
  if (dir) await app.page.screenshot({ path: resolve(dir, name) });
}

async function expectWorkerHoldsOnlyShownImages(): Promise<void> {
  const [shown, held] = await app.page.evaluate(async () => [
    window.sitediffTest!.shownImageIds().sort(),
    (await window.sitediffTest!.workerImageIds()).sort(),
  ]);
  expect(held).toEqual(shown);
}

beforeAll(async () => {
  app = await openApp();
  largeCog = largeSiteCog();
  server = await startRangeServer({ 'large-site.tif': largeCog });
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

describe('a COG by URL after it has opened', () => {
  it('fetches a finer overview level, and only the view’s part of it, when the user zooms in', async () => {
    const levels = await levelsOf(largeCog);
    expect(levels.map((level) => level.width)).toEqual([4096, 2048, 1024, 512, 256]);
    await app.page.getByLabel('After image URL').fill(server.url('large-site.tif'));
    await app.page.getByTestId('slot-after').getByRole('button', { name: 'Open URL' }).click();
    await app.waitForImage('after', 'large-site.tif');
    await app.setDivider('Home');
    await app.screenshot();
    const opened = server.requests.length;
    const openedBytes = server.bytesSent();
    const atOpen = tilesFetched(levels, server.requests);
    // At open: the header, the last full-resolution tile (which finds a truncated file at once) and
    // the 1024-pixel overview, which serves both the contrast stretch and this view. The chunks of
    // small reads hold a few neighbouring tiles too.
    expect(atOpen[0].size).toBeLessThanOrEqual(8);
    expect(atOpen[1].size).toBeLessThanOrEqual(8);
    expect(atOpen[2].size).toBe(levels[2].tiles.length);

    // Without animation (maplibre honours reduced motion), so that each zoom step asks only for
    // the tiles of where it ends, not of the views it passes through.
    await app.page.emulateMedia({ reducedMotion: 'reduce' });
    const zoomIn = app.page.getByRole('button', { name: 'Zoom in' }).first();
    // The map is idle until the click's zoom starts: wait for the view to change, then settle.
    const zoomInOneStep = async () => {
      const before = await app.page.evaluate(() => window.sitediffTest!.project([127.5, 39.9]));
      await zoomIn.click();
      await app.page.waitForFunction(
        (p) => window.sitediffTest!.project([127.5, 39.9]).x !== p.x,
        before,
      );
      await app.screenshot();
    };
    await zoomInOneStep();
    await zoomInOneStep();
    await keepScreenshot('remote-cog-zoomed.png');

    // Two steps in, the view needs full resolution over a part of the site: every tile it shows
    // was fetched, and beyond it only tiles under the map tiles at its edges. maplibre rounds the
    // zoom of raster tiles, so a 256-pixel tile shows at up to 256·√2 = 362 pixels.
    const added = server.requests.slice(opened);
    expect(added.every((r) => r.range !== null)).toBe(true);
    const fullResolution = tilesFetched(levels, server.requests)[0];
    const inView = await fullResolutionTilesInView();
    const underEdgeMapTiles = await fullResolutionTilesInView(362);
    expect(inView.size).toBeGreaterThan(16);
    expect([...inView].filter((tile) => !fullResolution.has(tile))).toEqual([]);
    // A tile of up to a chunk is read as the reader's aligned 64 KiB chunks, which hold parts of
    // its neighbours in the file: a tile lying wholly in chunks fetched for needed tiles comes
    // along with them. Any other tile was fetched for its own sake and must be needed.
    const chunksOf = ([start, end]: readonly [number, number]) =>
      Array.from(
        { length: Math.floor((end - 1) / CHUNK_BYTES) - Math.floor(start / CHUNK_BYTES) + 1 },
        (_, k) => Math.floor(start / CHUNK_BYTES) + k,
      );
    const needed = new Set([...underEdgeMapTiles, ...atOpen[0]]);
    const neededChunks = new Set(
      [...needed].flatMap((tile) => {
        const [start, end] = levels[0].tiles[tile];
        return end - start <= CHUNK_BYTES ? chunksOf(levels[0].tiles[tile]) : [];
      }),
    );
    const broughtAlong = (tile: number) => {
      const [start, end] = levels[0].tiles[tile];
      return (
        end - start <= CHUNK_BYTES &&
        chunksOf(levels[0].tiles[tile]).every((chunk) => neededChunks.has(chunk))
      );
    };
    expect([...fullResolution].filter((tile) => !needed.has(tile) && !broughtAlong(tile))).toEqual(
      [],
    );
    expect(fullResolution.size).toBeLessThan(0.3 * levels[0].tiles.length);
    // And the bytes are those tiles' (level 1 for the first step, full resolution for the
    // second), give or take the rounding of small reads to the reader's chunks.
    const now = tilesFetched(levels, server.requests);
    const newTileBytes = levels.reduce((sum, level, index) => {
      const added = [...now[index]].filter((tile) => !atOpen[index].has(tile));
      return sum + added.reduce((s, tile) => s + level.tiles[tile][1] - level.tiles[tile][0], 0);
    }, 0);
    const addedBytes = server.bytesSent() - openedBytes;
    expect(addedBytes).toBeGreaterThanOrEqual(newTileBytes);
    expect(addedBytes).toBeLessThan(1.1 * newTileBytes + 2 * CHUNK_BYTES);

    // The slot shows what was fetched, zooming included (to 0.1 MiB).
    const fetched = (await app.page.getByTestId('slot-after-fetched').textContent()) ?? '';
    const sizeMiB = (largeCog.length / 1024 ** 2).toFixed(1);
    expect(fetched).toContain(`fetched of ${sizeMiB} MiB`);
    expect(Math.abs(fetchedBytes(fetched) - server.bytesSent())).toBeLessThan(0.06 * 1024 ** 2);
    await expectWorkerHoldsOnlyShownImages();
  });

  it('names a server without CORS headers and keeps the image shown before', async () => {
    const noCors = await startRangeServer({ 'other.tif': largeCog }, { cors: false });
    try {
      const url = noCors.url('other.tif');
      const started = Date.now();
      await app.page.getByLabel('After image URL').fill(url);
      await app.page.getByTestId('slot-after').getByRole('button', { name: 'Open URL' }).click();
      const error = app.page.getByTestId('slot-after-error');
      await error.waitFor({ timeout: 10_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      const text = (await error.textContent()) ?? '';
      expect(text).toContain(url);
      expect(text).toMatch(/answered but does not let this page read the file.*CORS/);
      expect(text).toContain('Still showing large-site.tif');
      expect(await app.page.evaluate(() => window.sitediffTest!.imageName('after'))).toBe(
        'large-site.tif',
      );
      await app.screenshot();
      await keepScreenshot('remote-cog-no-cors.png');
      await app.page.getByRole('button', { name: 'Dismiss' }).click();
      await expectWorkerHoldsOnlyShownImages();
    } finally {
      await noCors.close();
    }
  });

  it('logs no console error but the browser’s own report of the refused cross-origin read', () => {
    const unexpected = app.watched.consoleErrors.filter(
      (message) => !/CORS policy|net::ERR_FAILED/.test(message),
    );
    expect(unexpected).toEqual([]);
    expect(app.watched.externalRequests).toEqual([]);
  });
});
