// Display choices in the imagery worker (band composites, colour ramps, stretches) and its size
// budget, over the real worker functions on the demo site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourRampTable } from '../../src/core/raster/colour-ramp.ts';
import { bandPercentiles } from '../../src/core/raster/stretch.ts';
import { encodeGeoTiff } from '../../src/core/raster/write-geotiff.ts';
import { imageryApi, type ImageryApi, type TileDisplay } from '../../src/workers/imagery-api.ts';
import { connectApi, exposeApi, type Endpoint } from '../../src/workers/rpc.ts';
import { demoBuffer, tileAt } from './demo-tiles.ts';
import { declaredSizeTiff } from './declared-size-tiff.ts';

const channel = new MessageChannel();
channel.port1.start();
channel.port2.start();
exposeApi(imageryApi, channel.port1 as unknown as Endpoint);
const worker = connectApi<ImageryApi>(channel.port2 as unknown as Endpoint);

const tile = tileAt(127.5, 39.9, 16);
async function render(display?: TileDisplay): Promise<Uint8Array> {
  const rendered = await worker.call('renderTile', {
    imageId: 'after',
    tile,
    tileSize: 256,
    ...(display ? { display } : {}),
  });
  expect(rendered.rgba).not.toBeNull();
  return new Uint8Array(rendered.rgba!);
}

function channelSpread(rgba: Uint8Array, channel: number): number {
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let k = 0; k < rgba.length; k += 4) {
    if (rgba[k + 3] === 0) continue;
    sum += rgba[k + channel];
    sumSquares += rgba[k + channel] ** 2;
    n++;
  }
  return Math.sqrt(sumSquares / n - (sum / n) ** 2);
}

const percentile2to98 = { lowPercent: 2, highPercent: 98 };

beforeAll(async () => {
  await worker.call('openImage', {
    imageId: 'after',
    source: { kind: 'buffer', buffer: demoBuffer('after.tif'), name: 'after.tif' },
  });
});
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

describe('tile display choices', () => {
  it('false colour moves red and green into the green and blue channels and NIR into red', async () => {
    // after.tif holds R, G, B, NIR.
    const trueColour = await render({
      composite: { kind: 'rgb', bands: [0, 1, 2] },
      stretch: percentile2to98,
    });
    const falseColour = await render({
      composite: { kind: 'rgb', bands: [3, 0, 1] },
      stretch: percentile2to98,
    });
    let sameShifted = 0;
    let differentRed = 0;
    let opaque = 0;
    for (let k = 0; k < trueColour.length; k += 4) {
      if (trueColour[k + 3] === 0) continue;
      opaque++;
      if (falseColour[k + 1] === trueColour[k] && falseColour[k + 2] === trueColour[k + 1]) {
        sameShifted++;
      }
      if (Math.abs(falseColour[k] - trueColour[k]) > 10) differentRed++;
    }
    expect(opaque).toBeGreaterThan(10_000);
    expect(sameShifted).toBe(opaque);
    expect(differentRed / opaque).toBeGreaterThan(0.2);
  });

  it('the default display is the opening one, the same as asking for true colour at 2–98 %', async () => {
    const implicit = await render();
    const explicit = await render({
      composite: { kind: 'rgb', bands: [0, 1, 2] },
      stretch: percentile2to98,
    });
    expect(Buffer.from(implicit).equals(Buffer.from(explicit))).toBe(true);
  });

  it('one band through viridis gives only viridis colours', async () => {
    const rgba = await render({
      composite: { kind: 'single', band: 3, ramp: 'viridis' },
      stretch: percentile2to98,
    });
    const ramp = colourRampTable('viridis');
    const colours = new Set<number>();
    for (let v = 0; v < 256; v++)
      colours.add((ramp[v * 3] << 16) | (ramp[v * 3 + 1] << 8) | ramp[v * 3 + 2]);
    let seen = 0;
    for (let k = 0; k < rgba.length; k += 4) {
      if (rgba[k + 3] === 0) continue;
      expect(colours.has((rgba[k] << 16) | (rgba[k + 1] << 8) | rgba[k + 2])).toBe(true);
      seen++;
    }
    expect(seen).toBeGreaterThan(10_000);
  });

  it('a wider percentile pair lowers the contrast; manual limits replace the percentiles', async () => {
    const narrow = await render({
      composite: { kind: 'rgb', bands: [0, 1, 2] },
      stretch: percentile2to98,
    });
    const minMax = await render({
      composite: { kind: 'rgb', bands: [0, 1, 2] },
      stretch: { lowPercent: 0, highPercent: 100 },
    });
    expect(channelSpread(minMax, 0)).toBeLessThan(channelSpread(narrow, 0) * 0.95);

    const limits = await worker.call('stretchLimits', {
      imageId: 'after',
      stretch: { lowPercent: 0, highPercent: 100 },
    });
    expect(limits).toHaveLength(4);
    // Everything at or above the band's minimum saturates when the limits are [min - 1, min].
    const saturated = await render({
      composite: { kind: 'rgb', bands: [0, 1, 2] },
      stretch: { ...percentile2to98, manual: [{ min: limits[0].min - 1, max: limits[0].min }] },
    });
    for (let k = 0; k < saturated.length; k += 4) {
      if (saturated[k + 3] !== 0) expect(saturated[k]).toBe(255);
    }
    expect(channelSpread(saturated, 1)).toBeCloseTo(channelSpread(narrow, 1), 6);
  });
});

describe('size budget', () => {
  it('refuses a file declaring 100 000 × 100 000 pixels from its header, naming the budget', async () => {
    const started = performance.now();
    const opening = worker.call('openImage', {
      imageId: 'huge',
      source: { kind: 'buffer', buffer: declaredSizeTiff(100_000), name: 'huge.tif' },
      maxPixels: 50_000_000,
    });
    await expect(opening).rejects.toThrow(/100,000 x 100,000 .*exceeds the budget of 50,000,000/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('opens a file within a budget that a smaller budget refuses', async () => {
    const source = { kind: 'buffer' as const, buffer: declaredSizeTiff(1000, 256), name: 's.tif' };
    await expect(
      worker.call('openImage', { imageId: 'small', source, maxPixels: 500_000 }),
    ).rejects.toThrow(/exceeds the budget of 500,000/);
    // Within budget the header is accepted; the file then fails only for lacking georeferencing.
    await expect(
      worker.call('openImage', {
        imageId: 'small',
        source: { ...source, buffer: declaredSizeTiff(1000, 256) },
        maxPixels: 2_000_000,
      }),
    ).rejects.toThrow(/georeferencing|cannot be read|deflate|inflate|decod/i);
  });
});

describe('contrast stretch of a large file without overviews', () => {
  it('samples windows across the image and finds the percentiles of the whole', async () => {
    // 2100 × 2100 (over 2048², so sampled in windows), brightening from west to east and with a
    // dark north-east quarter, so that a sample from one place alone would be wrong.
    const size = 2100;
    const band = new Uint8Array(size * size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const gradient = 20 + Math.floor((200 * c) / size);
        band[r * size + c] = r < size / 2 && c >= size / 2 ? gradient - 60 : gradient;
      }
    }
    const tiff = encodeGeoTiff(
      { width: size, height: size, bands: [band], dataType: 'Byte', noData: null },
      {
        geoTransform: [500_000, 1, 0, 4_400_000, 0, -1],
        crs: { epsg: 32652, kind: 'projected' },
        overviewCount: 0,
      },
    );
    const summary = await worker.call('openImage', {
      imageId: 'large',
      source: { kind: 'buffer', buffer: tiff.slice().buffer, name: 'large.tif' },
    });
    expect(summary.info.overviews).toEqual([]);
    const whole = bandPercentiles(band, null, 2, 98)!;
    expect(Math.abs(summary.stretches[0].min - whole.min)).toBeLessThanOrEqual(6);
    expect(Math.abs(summary.stretches[0].max - whole.max)).toBeLessThanOrEqual(6);
  });
});
