// A generated before/after pair for benchmarks: textured ground with rectangular buildings, the
// after image rendered with its content displaced by a known sub-pixel shift (the scene is
// evaluated at shifted coordinates, so no interpolation blurs it), new buildings, another gain and
// offset, and sensor noise.

import type { GeoImage } from '../../src/core/change/detect-changes.ts';
import type { Crs } from '../../src/core/georef/crs.ts';

/** The CRS the generated pairs (and tests' hand-made scenes) are placed in: UTM zone 52N. */
export const utm52: Crs = {
  epsg: 32652,
  proj4: '+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs',
  wkt: null,
  name: 'WGS 84 / UTM zone 52N',
  isGeographic: false,
  unitScale: [1, 1],
};

/** The geotransform of the generated pairs: 0.5 m pixels in UTM 52N. */
export const syntheticGeoTransform = [371000, 0.5, 0, 4418000, 0, -0.5] as const;

/** One date of a generated pair as the pipeline takes it: RGB bytes, no nodata. */
export function syntheticGeoImage(
  pair: { readonly width: number; readonly height: number },
  bands: Uint8Array[],
): GeoImage {
  return {
    width: pair.width,
    height: pair.height,
    bands,
    noData: null,
    colorInterpretations: ['Red', 'Green', 'Blue'],
    geoTransform: syntheticGeoTransform,
    crs: utm52,
  };
}

export interface SyntheticPair {
  readonly width: number;
  readonly height: number;
  readonly before: Uint8Array[];
  readonly after: Uint8Array[];
  readonly shiftPixels: { readonly x: number; readonly y: number };
  readonly newBuildingPixels: number;
}

function hash(x: number, y: number, seed: number): number {
  let h = (x * 374761393 + y * 668265263 + seed * 2147483647) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** Smooth value noise on a lattice of `cell` pixels (bilinear between lattice values). */
function valueNoise(x: number, y: number, cell: number, seed: number): number {
  const gx = x / cell;
  const gy = y / cell;
  const x0 = Math.floor(gx);
  const y0 = Math.floor(gy);
  const fx = gx - x0;
  const fy = gy - y0;
  const a = hash(x0, y0, seed);
  const b = hash(x0 + 1, y0, seed);
  const c = hash(x0, y0 + 1, seed);
  const d = hash(x0 + 1, y0 + 1, seed);
  return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
}

interface Building {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly colour: readonly [number, number, number];
}

function buildings(width: number, height: number, count: number, seed: number): Building[] {
  return Array.from({ length: count }, (_, i) => {
    const w = 10 + 40 * hash(i, 1, seed);
    const h = 10 + 40 * hash(i, 2, seed);
    const x0 = hash(i, 3, seed) * (width - w);
    const y0 = hash(i, 4, seed) * (height - h);
    const grey = 120 + 100 * hash(i, 5, seed);
    return { x0, y0, x1: x0 + w, y1: y0 + h, colour: [grey, grey * 0.95, grey * 0.9] };
  });
}

function coverage(b: Building, x: number, y: number): number {
  const across = Math.max(0, Math.min(x + 0.5, b.x1) - Math.max(x - 0.5, b.x0));
  const down = Math.max(0, Math.min(y + 0.5, b.y1) - Math.max(y - 0.5, b.y0));
  return across * down;
}

export function syntheticPair(size = 4096, shiftPixels = { x: 2.37, y: -1.61 }): SyntheticPair {
  const width = size;
  const height = size;
  const existing = buildings(width, height, Math.round((size * size) / 40_000), 1);
  const added = buildings(width, height, Math.round((size * size) / 200_000), 2);
  const cellSize = 64;
  // Buildings indexed by lattice cell so each pixel tests only the few nearby.
  const index = (list: Building[]) => {
    const cells = new Map<number, Building[]>();
    for (const b of list)
      for (let cy = Math.floor(b.y0 / cellSize); cy <= Math.floor(b.y1 / cellSize); cy++)
        for (let cx = Math.floor(b.x0 / cellSize); cx <= Math.floor(b.x1 / cellSize); cx++) {
          const key = cy * 4096 + cx;
          const entry = cells.get(key) ?? [];
          entry.push(b);
          cells.set(key, entry);
        }
    return (x: number, y: number) => {
      const found = cells.get(Math.floor(y / cellSize) * 4096 + Math.floor(x / cellSize));
      if (!found) return null;
      for (const b of found)
        if (x + 0.5 > b.x0 && x - 0.5 < b.x1 && y + 0.5 > b.y0 && y - 0.5 < b.y1) return b;
      return null;
    };
  };
  const existingAt = index(existing);
  const addedAt = index(added);
  const render = (
    withAdded: boolean,
    dx: number,
    dy: number,
    gain: number,
    offset: number,
    seed: number,
  ) => {
    const bands = [0, 1, 2].map(() => new Uint8Array(width * height));
    let newPixels = 0;
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        // Scene coordinates of this pixel centre: after shows scene point p at p + shift.
        const x = column + 0.5 - dx;
        const y = row + 0.5 - dy;
        const ground =
          0.6 * valueNoise(x, y, 37, 7) +
          0.3 * valueNoise(x, y, 9, 8) +
          0.1 * valueNoise(x, y, 2.5, 9);
        let rgb: readonly [number, number, number] = [
          60 + 90 * ground,
          80 + 80 * ground,
          50 + 60 * ground,
        ];
        // Edges are area-sampled (the share of the pixel a roof covers), as a sensor integrates.
        const blend = (b: Building, colour: readonly [number, number, number]) => {
          const cover = coverage(b, x, y);
          rgb = [0, 1, 2].map((i) => rgb[i] * (1 - cover) + colour[i] * cover) as [
            number,
            number,
            number,
          ];
          return cover;
        };
        const b = existingAt(x, y);
        if (b) blend(b, b.colour);
        if (withAdded) {
          const n = addedAt(x, y);
          if (n && blend(n, [210, 120, 90]) > 0.5) newPixels++;
        }
        const k = row * width + column;
        for (let band = 0; band < 3; band++) {
          const noise = (hash(k, band, seed) - 0.5) * 6;
          bands[band][k] = Math.max(
            0,
            Math.min(255, Math.round(rgb[band] * gain + offset + noise)),
          );
        }
      }
    }
    return { bands, newPixels };
  };
  const before = render(false, 0, 0, 1, 0, 11);
  const after = render(true, shiftPixels.x, shiftPixels.y, 0.85, 14, 12);
  return {
    width,
    height,
    before: before.bands,
    after: after.bands,
    shiftPixels,
    newBuildingPixels: after.newPixels,
  };
}
