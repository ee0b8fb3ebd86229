// Display choices in the imagery worker (band composites, colour ramps, stretches), its size
// budget, and alpha bands and internal masks, over the real worker functions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invertGeoTransform,
  projectedPoint,
  projectedToPixel,
} from '../../src/core/georef/affine.ts';
import { crsTransformer } from '../../src/core/georef/crs.ts';
import { warpGrid } from '../../src/core/georef/warp.ts';
import { tileBoundsMetres } from '../../src/core/georef/web-mercator.ts';
import { openGeoTiff } from '../../src/core/raster/open-geotiff.ts';
import { colourRampTable } from '../../src/core/raster/colour-ramp.ts';
import { bandPercentiles } from '../../src/core/raster/stretch.ts';
import { encodeGeoTiff } from '../../src/core/raster/write-geotiff.ts';
import {
  imageryApi,
  type ImageryApi,
  type ImageSummary,
  type TileDisplay,
} from '../../src/workers/imagery-api.ts';
import { configureEpsgRegistry } from '../../src/workers/epsg-names.ts';
import { connectApi, exposeApi, type Endpoint } from '../../src/workers/rpc.ts';
import { loadEpsgFromPackage } from '../../src/cli/epsg-package-loader.ts';
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

const fixtures = resolve(import.meta.dirname, '../../fixtures/geotiff');
function fixtureBytes(path: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(readFileSync(resolve(fixtures, path)));
}

/** What the source pixels around a position hold: all transparent, all opaque, or a mix. */
type Neighbourhood = 'transparent' | 'opaque' | 'mixed';

/**
 * Renders every tile at `zoom` over the image and compares each pixel's alpha with the source
 * opacity around the pixel it maps to: transparent where the 3 × 3 source pixels there are all of
 * opacity 0, `opaqueAlpha` where they are all `opaqueAlpha`. Returns how many pixels of each kind
 * were checked.
 */
async function checkTileOpacity(
  summary: ImageSummary,
  zoom: number,
  opacityAt: (column: number, row: number) => number,
): Promise<Record<Neighbourhood, number> & { wrong: number }> {
  const info = summary.info;
  const inverse = invertGeoTransform(info.geoTransform!);
  const toSource = crsTransformer('EPSG:3857', info.crs!);
  const mercatorToPixel = (x: number, y: number) => {
    const [sx, sy] = toSource.forward([x, y]);
    return projectedToPixel(inverse, projectedPoint(sx, sy));
  };
  const neighbourhood = (c: number, r: number): [Neighbourhood, number] => {
    const seen = new Set<number>();
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const column = Math.min(info.width - 1, Math.max(0, Math.floor(c) + dc));
        const row = Math.min(info.height - 1, Math.max(0, Math.floor(r) + dr));
        seen.add(opacityAt(column, row));
      }
    }
    if (seen.size > 1) return ['mixed', -1];
    const [only] = seen;
    return [only === 0 ? 'transparent' : 'opaque', only];
  };
  const counts = { transparent: 0, opaque: 0, mixed: 0, wrong: 0 };
  const [west, south, east, north] = summary.boundsLonLat;
  const corner = (lon: number, lat: number) => tileAt(lon, lat, zoom);
  const [nw, se] = [corner(west, north), corner(east, south)];
  for (let y = nw.y; y <= se.y; y++) {
    for (let x = nw.x; x <= se.x; x++) {
      const tileId = { z: zoom, x, y };
      const rendered = await worker.call('renderTile', {
        imageId: summary.imageId,
        tile: tileId,
        tileSize: 256,
      });
      if (!rendered.rgba) continue;
      const rgba = new Uint8Array(rendered.rgba);
      const grid = warpGrid(tileBoundsMetres(tileId), 256, 256, mercatorToPixel);
      for (let k = 0; k < 256 * 256; k++) {
        const [c, r] = [grid.columns[k], grid.rows[k]];
        if (!(c >= 1 && r >= 1 && c < info.width - 1 && r < info.height - 1)) continue;
        const [kind, value] = neighbourhood(c, r);
        counts[kind]++;
        if (kind === 'transparent' && rgba[k * 4 + 3] !== 0) counts.wrong++;
        if (kind === 'opaque' && rgba[k * 4 + 3] !== value) counts.wrong++;
      }
    }
  }
  return counts;
}

/** Index of a TIFF tag's entry in the first IFD of a classic (not Big) TIFF. */
function ifdEntry(bytes: Uint8Array, tag: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const ifd = view.getUint32(4, little);
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * 12;
    if (view.getUint16(at, little) === tag) return at;
  }
  throw new Error(`tag ${tag} not found`);
}

describe('alpha bands and internal masks', () => {
  it('an internal mask makes its 0 pixels transparent and keeps them out of the stretch', async () => {
    // The fixture's fill is both nodata 0 and masked; blanking its GDAL_NODATA tag ("0" -> " ")
    // leaves the mask alone to say where the picture is.
    const bytes = fixtureBytes('generated/rgb-internal-mask.tif');
    bytes[ifdEntry(bytes, 42113) + 8] = 0x20;
    const image = await openGeoTiff(bytes.slice().buffer);
    expect(image.info.bands[0].noData).toBeNull();
    expect(image.info.hasMask).toBe(true);
    const mask = (await image.readRaster({ mask: true })).bands[0];
    const red = (await image.readRaster({ bands: [0] })).bands[0];
    const maskedCount = mask.filter((m) => m === 0).length;
    expect(maskedCount).toBeGreaterThan(1000);

    const summary = await worker.call('openImage', {
      imageId: 'masked',
      source: { kind: 'buffer', buffer: bytes.slice().buffer, name: 'rgb-internal-mask.tif' },
    });
    // A third of the pixels are the 0 fill: counted, they would set the low limit to 0.
    expect(bandPercentiles(red, null, 2, 98)!.min).toBe(0);
    expect(summary.stretches[0]).toEqual(
      bandPercentiles(
        red,
        null,
        2,
        98,
        Uint8Array.from(mask, (m) => m),
      ),
    );
    expect(summary.stretches[0].min).toBeGreaterThan(0);

    const width = image.info.width;
    const counts = await checkTileOpacity(summary, 8, (c, r) => mask[r * width + c]);
    expect(counts.transparent).toBeGreaterThan(5000);
    expect(counts.opaque).toBeGreaterThan(20_000);
    expect(counts.wrong).toBe(0);
  });

  it('an alpha band: 0 is transparent and out of the stretch, partial alpha is kept', async () => {
    // A grey band and its alpha (what `gdalwarp -dstalpha` writes), 128 × 128: a white fill of
    // alpha 0 over the west half, a ramp of 60..160 elsewhere, and a north-east quarter at alpha 128.
    const size = 128;
    const [grey, alpha] = [new Uint8Array(size * size), new Uint8Array(size * size)];
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const k = r * size + c;
        const fill = c < size / 2;
        grey[k] = fill ? 255 : 60 + ((r + c) % 101);
        alpha[k] = fill ? 0 : r < size / 2 ? 128 : 255;
      }
    }
    const tiff = encodeGeoTiff(
      { width: size, height: size, bands: [grey, alpha], dataType: 'Byte', noData: null },
      {
        geoTransform: [500_000, 10, 0, 4_400_000, 0, -10],
        crs: { epsg: 32652, kind: 'projected' },
        bandMetadata: [{}, { colorInterpretation: 'Alpha' }],
      },
    );
    const summary = await worker.call('openImage', {
      imageId: 'alpha',
      source: { kind: 'buffer', buffer: tiff.slice().buffer, name: 'alpha.tif' },
    });
    expect(summary.info.bands.map((b) => b.colorInterpretation)).toEqual(['Gray', 'Alpha']);
    expect(summary.displayBands).toEqual([0]);
    // Counted, the white fill (half the pixels) would set the high limit to 255.
    expect(summary.stretches[0].max).toBeLessThanOrEqual(160);
    expect(summary.stretches[0].min).toBeGreaterThanOrEqual(60);

    const counts = await checkTileOpacity(summary, 16, (c, r) => alpha[r * size + c]);
    expect(counts.transparent).toBeGreaterThan(5000);
    expect(counts.opaque).toBeGreaterThan(5000);
    expect(counts.wrong).toBe(0);
  });

  it('an RGBA COG whose alpha is all 255 shows opaque in true colour', async () => {
    const bytes = fixtureBytes('cogeotiff-core/rgba8_cog.tiff');
    const summary = await worker.call('openImage', {
      imageId: 'rgba-cog',
      source: { kind: 'buffer', buffer: bytes.slice().buffer, name: 'rgba8_cog.tiff' },
    });
    expect(summary.displayBands).toEqual([0, 1, 2]);
    const counts = await checkTileOpacity(summary, summary.nativeZoom, () => 255);
    expect(counts.opaque).toBeGreaterThan(1000);
    expect(counts.wrong).toBe(0);
  });
});

describe('placing and describing other files', () => {
  const gcpFixture = 'georust-geotiff/austrian_capitals_model_tie_points_pixel_is_area.tif';

  it('places a GCP-only file by the affine fit of its GCPs and names its CRS as GDAL does', async () => {
    configureEpsgRegistry(loadEpsgFromPackage);
    try {
      const summary = await worker.call('openImage', {
        imageId: 'gcps',
        source: { kind: 'buffer', buffer: fixtureBytes(gcpFixture).buffer, name: 'gcps.tif' },
      });
      expect(summary.info.geoTransform).toBeNull();
      expect(summary.placement).toEqual({
        kind: 'gcpFit',
        gcpCount: 4,
        rmsResidualPixels: 0,
        maxResidualPixels: 0,
      });
      expect(summary.geoTransform).toEqual([4302000, 1000, 0, 2811000, 0, -1000]);
      // The geokeys say only "EPSG:3035"; the registry gives the name gdalinfo prints.
      expect(summary.info.crs?.name).toBe('ETRS89-extended / LAEA Europe');
    } finally {
      configureEpsgRegistry(null);
    }
  });

  it('refuses a file with two GCPs, saying why', async () => {
    // The same file with its ModelTiepointTag cut from four points (24 numbers) to two.
    const bytes = fixtureBytes(gcpFixture);
    new DataView(bytes.buffer).setUint32(ifdEntry(bytes, 33922) + 4, 12, bytes[0] === 0x49);
    await expect(
      worker.call('openImage', {
        imageId: 'two-gcps',
        source: { kind: 'buffer', buffer: bytes.buffer, name: 'two-gcps.tif' },
      }),
    ).rejects.toThrow(/only by 2 ground control points, too few to place it by an affine fit/);
  });

  it('reads external overviews given with the image and draws a small view from them', async () => {
    const source = {
      kind: 'buffer' as const,
      buffer: fixtureBytes('rasterio/red.tif').buffer,
      name: 'red.tif',
    };
    const without = await worker.call('openImage', { imageId: 'red', source });
    expect(without.info.overviews).toEqual([]);
    const summary = await worker.call('openImage', {
      imageId: 'red-ovr',
      source: {
        ...source,
        buffer: fixtureBytes('rasterio/red.tif').buffer,
        externalOverviews: fixtureBytes('rasterio/red.tif.ovr').buffer,
      },
    });
    expect(summary.info.overviews.length).toBeGreaterThan(0);
    const [west, , east, north] = summary.boundsLonLat;
    const tile = await worker.call('renderTile', {
      imageId: 'red-ovr',
      tile: tileAt((west + east) / 2, north - 1e-9, summary.nativeZoom - 3),
      tileSize: 256,
    });
    expect(tile.overview).toBeGreaterThanOrEqual(0);
  });
});

describe('load progress', () => {
  it('moves with the blocks of the stretch read, with the bytes read so far', async () => {
    const steps: { stage: string; fraction: number; bytesRead: number }[] = [];
    await worker.call(
      'openImage',
      {
        imageId: 'progress',
        source: { kind: 'buffer', buffer: demoBuffer('before.tif'), name: 'before.tif' },
      },
      {
        onProgress: (stage, fraction, detail) =>
          steps.push({ stage, fraction, bytesRead: Number(detail?.bytesRead ?? NaN) }),
      },
    );
    const fractions = steps.map((s) => s.fraction);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    // The 1024-pixel overview of the demo is 16 tiles: one step each, between 0.3 and 0.95.
    const duringRead = steps.filter((s) => s.stage.startsWith('reading the overview'));
    expect(duringRead.length).toBeGreaterThanOrEqual(16);
    const bytes = duringRead.map((s) => s.bytesRead);
    expect(bytes.every((b, i) => Number.isFinite(b) && (i === 0 || b >= bytes[i - 1]))).toBe(true);
    expect(bytes.at(-1)).toBeGreaterThan(bytes[0]);
  });
});
