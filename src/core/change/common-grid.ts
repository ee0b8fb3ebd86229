// Stage 1: bring `after` onto the analysis grid (by default `before`'s). Every analysis pixel
// centre is mapped back into the source image (an inverse warp, as gdalwarp does). The exact
// mapping may go through proj4, which is too slow per pixel, so it is evaluated on a mesh and
// interpolated linearly in between, like GDAL's approximate transformer; for two north-up images in
// one CRS the mapping is affine and the mesh is exact.
import { sourceValidity, type AnalysisImage, type SourceImage } from './analysis-image.ts';

/** Maps an analysis-grid point (column, row; outer-corner convention) to source pixel coordinates. */
export type PixelMapping = (column: number, row: number) => readonly [number, number];

export interface MeshMapping {
  readonly width: number;
  readonly height: number;
  /** Analysis columns/rows (pixel centres, as indices) of the mesh nodes, ascending. */
  readonly nodeColumns: Int32Array;
  readonly nodeRows: Int32Array;
  /** Source coordinates (centre-index convention) at each node, row-major over the mesh. */
  readonly sourceX: Float64Array;
  readonly sourceY: Float64Array;
}

export interface PixelWindow {
  readonly column: number;
  readonly row: number;
  readonly width: number;
  readonly height: number;
}

function nodePositions(size: number, step: number): Int32Array {
  const count = Math.max(2, Math.ceil((size - 1) / step) + 1);
  const nodes = new Int32Array(count);
  for (let i = 0; i < count; i++) nodes[i] = Math.min(i * step, size - 1);
  nodes[count - 1] = Math.max(size - 1, 1);
  return nodes;
}

/**
 * Samples `toSource` on a mesh every `stepPixels` over a `width` x `height` grid. A shift in
 * analysis pixels (the co-registration result) is folded in here so imagery is resampled once.
 */
export function meshMapping(
  width: number,
  height: number,
  toSource: PixelMapping,
  stepPixels = 16,
  shiftPixels: { readonly x: number; readonly y: number } = { x: 0, y: 0 },
): MeshMapping {
  const nodeColumns = nodePositions(width, stepPixels);
  const nodeRows = nodePositions(height, stepPixels);
  const sourceX = new Float64Array(nodeColumns.length * nodeRows.length);
  const sourceY = new Float64Array(sourceX.length);
  let k = 0;
  for (const row of nodeRows) {
    for (const column of nodeColumns) {
      const [x, y] = toSource(column + 0.5 + shiftPixels.x, row + 0.5 + shiftPixels.y);
      sourceX[k] = x - 0.5;
      sourceY[k] = y - 0.5;
      k++;
    }
  }
  return { width, height, nodeColumns, nodeRows, sourceX, sourceY };
}

/**
 * Bilinear resampling of `source` bands `bandIndices` onto the mesh's grid (or a window of it).
 * A pixel is valid only where all four source neighbours are valid: the union of the nodata masks.
 */
export function resampleBilinear(
  source: SourceImage,
  bandIndices: readonly number[],
  mapping: MeshMapping,
  window: PixelWindow = { column: 0, row: 0, width: mapping.width, height: mapping.height },
  sourceValid: Uint8Array = sourceValidity(source),
): AnalysisImage {
  const { width: sw, height: sh } = source;
  if (sw < 2 || sh < 2) throw new Error('The image to resample is smaller than 2 x 2 pixels.');
  const { nodeColumns, nodeRows, sourceX, sourceY } = mapping;
  const meshWidth = nodeColumns.length;
  const inputs = bandIndices.map((b) => source.bands[b]);
  const bandCount = inputs.length;
  const outputs = inputs.map(() => new Float32Array(window.width * window.height));
  const valid = new Uint8Array(window.width * window.height);
  const rowX = new Float64Array(meshWidth);
  const rowY = new Float64Array(meshWidth);
  let meshRow = 0;
  for (let j = 0; j < window.height; j++) {
    const row = window.row + j;
    while (meshRow < nodeRows.length - 2 && row > nodeRows[meshRow + 1]) meshRow++;
    const r0 = nodeRows[meshRow];
    const fr = (row - r0) / (nodeRows[meshRow + 1] - r0);
    for (let a = 0; a < meshWidth; a++) {
      const top = meshRow * meshWidth + a;
      const bottom = top + meshWidth;
      rowX[a] = sourceX[top] + (sourceX[bottom] - sourceX[top]) * fr;
      rowY[a] = sourceY[top] + (sourceY[bottom] - sourceY[top]) * fr;
    }
    let segment = 0;
    let out = j * window.width;
    for (let i = 0; i < window.width; i++, out++) {
      const column = window.column + i;
      while (segment < meshWidth - 2 && column > nodeColumns[segment + 1]) segment++;
      const c0 = nodeColumns[segment];
      const fc = (column - c0) / (nodeColumns[segment + 1] - c0);
      let x = rowX[segment] + (rowX[segment + 1] - rowX[segment]) * fc;
      let y = rowY[segment] + (rowY[segment + 1] - rowY[segment]) * fc;
      // Half a pixel beyond the outer centres is still inside the image: clamp to the edge.
      if (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5) continue;
      x = x < 0 ? 0 : x > sw - 1 ? sw - 1 : x;
      y = y < 0 ? 0 : y > sh - 1 ? sh - 1 : y;
      let x0 = x | 0;
      let y0 = y | 0;
      if (x0 > sw - 2) x0 = sw - 2;
      if (y0 > sh - 2) y0 = sh - 2;
      const fx = x - x0;
      const fy = y - y0;
      const p = y0 * sw + x0;
      if (
        !sourceValid[p] ||
        !sourceValid[p + 1] ||
        !sourceValid[p + sw] ||
        !sourceValid[p + sw + 1]
      )
        continue;
      valid[out] = 1;
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      for (let b = 0; b < bandCount; b++) {
        const s = inputs[b];
        outputs[b][out] = s[p] * w00 + s[p + 1] * w10 + s[p + sw] * w01 + s[p + sw + 1] * w11;
      }
    }
  }
  return { width: window.width, height: window.height, bands: outputs, valid };
}

/** Nearest-neighbour resampling of a class or mask raster (no blending of labels). */
export function resampleNearest(
  mask: Uint8Array,
  sourceWidth: number,
  sourceHeight: number,
  mapping: MeshMapping,
  outside = 255,
): Uint8Array {
  const result = new Uint8Array(mapping.width * mapping.height).fill(outside);
  const { nodeColumns, nodeRows, sourceX, sourceY } = mapping;
  const meshWidth = nodeColumns.length;
  let meshRow = 0;
  for (let row = 0; row < mapping.height; row++) {
    while (meshRow < nodeRows.length - 2 && row > nodeRows[meshRow + 1]) meshRow++;
    const fr = (row - nodeRows[meshRow]) / (nodeRows[meshRow + 1] - nodeRows[meshRow]);
    let segment = 0;
    for (let column = 0; column < mapping.width; column++) {
      while (segment < meshWidth - 2 && column > nodeColumns[segment + 1]) segment++;
      const fc =
        (column - nodeColumns[segment]) / (nodeColumns[segment + 1] - nodeColumns[segment]);
      const at = (array: Float64Array) => {
        const k = meshRow * meshWidth + segment;
        const top = array[k] + (array[k + 1] - array[k]) * fc;
        const bottom =
          array[k + meshWidth] + (array[k + meshWidth + 1] - array[k + meshWidth]) * fc;
        return top + (bottom - top) * fr;
      };
      const x = Math.round(at(sourceX));
      const y = Math.round(at(sourceY));
      if (x >= 0 && y >= 0 && x < sourceWidth && y < sourceHeight)
        result[row * mapping.width + column] = mask[y * sourceWidth + x];
    }
  }
  return result;
}

/** The bands of an image already on the analysis grid, shared rather than copied, with its validity. */
export function analysisImageOf(
  source: SourceImage,
  bandIndices: readonly number[],
  valid: Uint8Array = sourceValidity(source),
): AnalysisImage {
  return {
    width: source.width,
    height: source.height,
    bands: bandIndices.map((b) => source.bands[b]),
    valid,
  };
}
