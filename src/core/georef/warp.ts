// Reprojection of an image into a Web Mercator tile. Every output pixel centre is mapped back into
// the source image (an inverse warp, as gdalwarp does). Transforming each pixel through proj4 costs
// too much for interactive tiles, so the exact transform is evaluated on a mesh and interpolated
// bilinearly in between; the mesh is refined until the interpolation error, checked at every cell
// centre, is below `maxErrorOutputPixels` (GDAL's approximate transformer works the same way).
import type { MercatorBounds } from './web-mercator.ts';

/** Maps a Web Mercator point (metres) to fractional pixel coordinates of the source image. */
export type MercatorToSourcePixel = (x: number, y: number) => readonly [number, number];

export interface WarpGrid {
  readonly width: number;
  readonly height: number;
  /** Source column, row of each output pixel centre (NaN where the transform fails). */
  readonly columns: Float64Array;
  readonly rows: Float64Array;
  /** Mesh step in output pixels that met the error bound (1 = every pixel exact). */
  readonly meshStepPixels: number;
}

export interface WarpGridOptions {
  /** Largest allowed error of the interpolated mapping, in output pixels. */
  readonly maxErrorOutputPixels?: number;
  readonly initialStepPixels?: number;
}

function exactAt(
  bounds: MercatorBounds,
  width: number,
  height: number,
  toSource: MercatorToSourcePixel,
  i: number,
  j: number,
): readonly [number, number] {
  const x = bounds.west + ((i + 0.5) / width) * (bounds.east - bounds.west);
  const y = bounds.north - ((j + 0.5) / height) * (bounds.north - bounds.south);
  return toSource(x, y);
}

export function warpGrid(
  bounds: MercatorBounds,
  width: number,
  height: number,
  toSource: MercatorToSourcePixel,
  options: WarpGridOptions = {},
): WarpGrid {
  const maxError = options.maxErrorOutputPixels ?? 0.125;
  let step = options.initialStepPixels ?? 32;
  for (;;) {
    const grid = tryMesh(bounds, width, height, toSource, step, maxError);
    if (grid) return grid;
    if (step === 1) break;
    step = Math.max(1, step >> 1);
  }
  throw new Error('unreachable: a one-pixel mesh is exact');
}

function tryMesh(
  bounds: MercatorBounds,
  width: number,
  height: number,
  toSource: MercatorToSourcePixel,
  step: number,
  maxErrorOutputPixels: number,
): WarpGrid | null {
  const nodesX = Math.ceil((width - 1) / step) + 1;
  const nodesY = Math.ceil((height - 1) / step) + 1;
  const nodeI = (n: number) => Math.min(n * step, width - 1);
  const nodeJ = (n: number) => Math.min(n * step, height - 1);
  const meshColumns = new Float64Array(nodesX * nodesY);
  const meshRows = new Float64Array(nodesX * nodesY);
  for (let ny = 0; ny < nodesY; ny++) {
    for (let nx = 0; nx < nodesX; nx++) {
      const [c, r] = exactAt(bounds, width, height, toSource, nodeI(nx), nodeJ(ny));
      meshColumns[ny * nodesX + nx] = c;
      meshRows[ny * nodesX + nx] = r;
    }
  }
  const columns = new Float64Array(width * height);
  const rows = new Float64Array(width * height);
  if (step === 1) {
    columns.set(meshColumns);
    rows.set(meshRows);
    return { width, height, columns, rows, meshStepPixels: 1 };
  }
  for (let ny = 0; ny < nodesY - 1; ny++) {
    const j0 = nodeJ(ny);
    const j1 = nodeJ(ny + 1);
    for (let nx = 0; nx < nodesX - 1; nx++) {
      const i0 = nodeI(nx);
      const i1 = nodeI(nx + 1);
      const k00 = ny * nodesX + nx;
      const k10 = k00 + 1;
      const k01 = k00 + nodesX;
      const k11 = k01 + 1;
      const c00 = meshColumns[k00];
      const c10 = meshColumns[k10];
      const c01 = meshColumns[k01];
      const c11 = meshColumns[k11];
      const r00 = meshRows[k00];
      const r10 = meshRows[k10];
      const r01 = meshRows[k01];
      const r11 = meshRows[k11];
      if (![c00, c10, c01, c11, r00, r10, r01, r11].every(Number.isFinite)) return null;
      // Check the interpolation against the exact transform at the cell centre. The error is
      // converted to output pixels through the cell's own scale (source pixels per output pixel).
      const mi = (i0 + i1) / 2;
      const mj = (j0 + j1) / 2;
      const [ec, er] = exactAt(bounds, width, height, toSource, mi, mj);
      const ic = (c00 + c10 + c01 + c11) / 4;
      const ir = (r00 + r10 + r01 + r11) / 4;
      const sourcePerOutput = Math.max(
        Math.hypot(c10 - c00, r10 - r00) / Math.max(1, i1 - i0),
        Math.hypot(c01 - c00, r01 - r00) / Math.max(1, j1 - j0),
        1e-12,
      );
      if (Math.hypot(ec - ic, er - ir) / sourcePerOutput > maxErrorOutputPixels) return null;
      const di = i1 - i0 || 1;
      const dj = j1 - j0 || 1;
      for (let j = j0; j <= j1; j++) {
        const v = (j - j0) / dj;
        for (let i = i0; i <= i1; i++) {
          const u = (i - i0) / di;
          const k = j * width + i;
          columns[k] = (1 - v) * ((1 - u) * c00 + u * c10) + v * ((1 - u) * c01 + u * c11);
          rows[k] = (1 - v) * ((1 - u) * r00 + u * r10) + v * ((1 - u) * r01 + u * r11);
        }
      }
    }
  }
  return { width, height, columns, rows, meshStepPixels: step };
}
