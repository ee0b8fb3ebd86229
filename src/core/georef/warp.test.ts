import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import {
  invertGeoTransform,
  projectedPoint,
  projectedToPixel,
  type GeoTransform,
} from './affine.ts';
import { warpGrid } from './warp.ts';
import { lonLatToMercator, mercatorToLonLat, tileBoundsMetres } from './web-mercator.ts';

const UTM_52N = '+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs';
const toUtm = proj4('EPSG:4326', UTM_52N);

function exactMapping(gt: GeoTransform) {
  const inverse = invertGeoTransform(gt);
  return (x: number, y: number) => {
    const [lon, lat] = mercatorToLonLat(x, y);
    const [e, n] = toUtm.forward([lon, lat]);
    return projectedToPixel(inverse, projectedPoint(e, n)) as readonly [number, number];
  };
}

function tileContaining(lon: number, lat: number, z: number) {
  const [x, y] = lonLatToMercator(lon, lat);
  const size = (2 * Math.PI * 6378137) / 2 ** z;
  return {
    z,
    x: Math.floor((x + Math.PI * 6378137) / size),
    y: Math.floor((Math.PI * 6378137 - y) / size),
  };
}

describe('warpGrid', () => {
  const cases: { name: string; gt: GeoTransform; z: number; lon: number; lat: number }[] = [
    {
      name: 'a north-up 0.5 m UTM image near Hamhung at high zoom',
      gt: [500000, 0.5, 0, 4420000, 0, -0.5],
      z: 17,
      lon: 127.5,
      lat: 39.9,
    },
    {
      name: 'a rotated 30 m UTM grid seen whole at low zoom, far from its central meridian',
      gt: [200000, 25.98, 15, 4500000, 15, -25.98],
      z: 7,
      lon: 124.5,
      lat: 40.5,
    },
  ];
  for (const c of cases) {
    it(`stays within 1/8 output pixel of the exact transform for ${c.name}`, () => {
      const toPixel = exactMapping(c.gt);
      const bounds = tileBoundsMetres(tileContaining(c.lon, c.lat, c.z));
      const grid = warpGrid(bounds, 256, 256, toPixel);
      let worstOutputPixels = 0;
      for (let j = 0; j < 256; j += 7) {
        for (let i = 0; i < 256; i += 7) {
          const x = bounds.west + ((i + 0.5) / 256) * (bounds.east - bounds.west);
          const y = bounds.north - ((j + 0.5) / 256) * (bounds.north - bounds.south);
          const [c0, r0] = toPixel(x, y);
          const [c1] = toPixel(x + (bounds.east - bounds.west) / 256, y);
          const [, r1] = toPixel(x, y - (bounds.north - bounds.south) / 256);
          const sourcePerOutput = Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0), 1e-9);
          const k = j * 256 + i;
          const error = Math.hypot(grid.columns[k] - c0, grid.rows[k] - r0) / sourcePerOutput;
          worstOutputPixels = Math.max(worstOutputPixels, error);
        }
      }
      expect(worstOutputPixels).toBeLessThan(0.125);
      expect(grid.meshStepPixels).toBeGreaterThan(1);
    });
  }

  it('refines the mesh when the mapping bends more than the tolerance allows', () => {
    // A strongly curved mapping cannot be interpolated over 32-pixel cells.
    const curved = (x: number, y: number) => [x / 100 + Math.sin(x / 5e3) * 40, y / 100] as const;
    const grid = warpGrid({ west: 0, south: 0, east: 1e5, north: 1e5 }, 256, 256, curved, {
      maxErrorOutputPixels: 0.01,
    });
    expect(grid.meshStepPixels).toBeLessThan(32);
  });
});
