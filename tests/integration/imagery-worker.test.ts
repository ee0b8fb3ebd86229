// The imagery worker's real functions over an in-process message channel, on the demo site.
import { afterAll, describe, expect, it } from 'vitest';
import { crsFromGeoKeys, crsTransformer } from '../../src/core/georef/crs.ts';
import { mercatorToLonLat, tileBoundsMetres } from '../../src/core/georef/web-mercator.ts';
import { imageryApi, type ImageryApi } from '../../src/workers/imagery-api.ts';
import { connectApi, exposeApi, type Endpoint } from '../../src/workers/rpc.ts';
import { demoBuffer, tileAt } from './demo-tiles.ts';

const channel = new MessageChannel();
channel.port1.start();
channel.port2.start();
exposeApi(imageryApi, channel.port1 as unknown as Endpoint);
const worker = connectApi<ImageryApi>(channel.port2 as unknown as Endpoint);
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

describe('imagery worker on the demo site', () => {
  it('opens both images with their place, pixel size and a stretch for their bit depth', async () => {
    const before = await worker.call('openImage', {
      imageId: 'before',
      source: { kind: 'buffer', buffer: demoBuffer('before.tif'), name: 'before.tif' },
    });
    const after = await worker.call('openImage', {
      imageId: 'after',
      source: { kind: 'buffer', buffer: demoBuffer('after.tif'), name: 'after.tif' },
    });
    for (const summary of [before, after]) {
      const [west, south, east, north] = summary.boundsLonLat;
      expect((west + east) / 2).toBeCloseTo(127.5, 1);
      expect((south + north) / 2).toBeCloseTo(39.9, 1);
      expect(summary.pixelSizeMetres.x).toBeCloseTo(0.5, 3);
      expect(summary.pixelSizeMetres.y).toBeCloseTo(0.5, 3);
    }
    // 8-bit before stretches within 0..255; the 12-bit after reaches past 255.
    expect(Math.max(...before.stretches.map((s) => s.max))).toBeLessThanOrEqual(255);
    expect(Math.max(...after.stretches.map((s) => s.max))).toBeGreaterThan(255);
    expect(after.displayBands).toEqual([0, 1, 2]);
  });

  it('renders different tiles for before and after, from an overview when zoomed out', async () => {
    const tile = tileAt(127.5, 39.9, 16);
    const a = await worker.call('renderTile', { imageId: 'before', tile, tileSize: 256 });
    const b = await worker.call('renderTile', { imageId: 'after', tile, tileSize: 256 });
    expect(a.rgba).not.toBeNull();
    expect(b.rgba).not.toBeNull();
    const pa = new Uint8Array(a.rgba!);
    const pb = new Uint8Array(b.rgba!);
    let opaque = 0;
    let difference = 0;
    for (let k = 0; k < pa.length; k += 4) {
      if (pa[k + 3] === 0 || pb[k + 3] === 0) continue;
      opaque++;
      difference += Math.abs(pa[k] - pb[k]);
    }
    expect(opaque).toBeGreaterThan(1000);
    expect(difference / opaque).toBeGreaterThan(5);
    expect(a.overview).toBeGreaterThanOrEqual(0);

    const far = await worker.call('renderTile', {
      imageId: 'before',
      tile: tileAt(0, 0, 16),
      tileSize: 256,
    });
    expect(far.rgba).toBeNull();
  });

  it("draws the image's west edge where proj4 puts it, slanted by the UTM grid convergence", async () => {
    // before.tif's west edge is easting 371260 m in UTM 52N; at 127.5° E, 1.5° west of the zone's
    // central meridian, grid north turns about 1° from true north, so in a Web Mercator tile the
    // edge is a slanted line. A placement by the image's lon/lat bounding box would draw it upright.
    const utm52 = crsFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32652 });
    if (!utm52) throw new Error('EPSG:32652 not understood');
    const toUtm = crsTransformer('EPSG:4326', utm52).forward;
    const westEastingMetres = 371260;
    const tileSize = 256;
    const tile = tileAt(127.49405, 39.9, 20);
    const { rgba } = await worker.call('renderTile', { imageId: 'before', tile, tileSize });
    expect(rgba).not.toBeNull();
    const pixels = new Uint8Array(rgba!);
    const bounds = tileBoundsMetres(tile);
    const metresPerPixel = (bounds.east - bounds.west) / tileSize;
    const firstOpaque = (row: number) => {
      for (let column = 0; column < tileSize; column++)
        if (pixels[(row * tileSize + column) * 4 + 3] > 0) return column;
      return tileSize;
    };
    const expectedFirst = (row: number) => {
      for (let column = 0; column < tileSize; column++) {
        const x = bounds.west + (column + 0.5) * metresPerPixel;
        const y = bounds.north - (row + 0.5) * metresPerPixel;
        const [easting] = toUtm(mercatorToLonLat(x, y));
        if (easting >= westEastingMetres) return column;
      }
      return tileSize;
    };
    const rows = [0, 64, 128, 192, 255];
    for (const row of rows) {
      const expected = expectedFirst(row);
      expect(expected, `row ${row} crosses the edge`).toBeGreaterThan(0);
      expect(expected, `row ${row} crosses the edge`).toBeLessThan(tileSize);
      expect(Math.abs(firstOpaque(row) - expected), `row ${row}`).toBeLessThanOrEqual(1);
    }
    // The slant itself: several pixels between the top and bottom rows of the tile.
    expect(Math.abs(expectedFirst(255) - expectedFirst(0))).toBeGreaterThanOrEqual(3);
  });
});
