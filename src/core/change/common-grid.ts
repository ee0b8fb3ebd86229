// Stage 1: bring `after` onto the analysis grid (by default `before`'s). Every analysis pixel
// centre is mapped back into the source image (an inverse warp, as gdalwarp does). The exact
// mapping may go through proj4, which is too slow per pixel, so it is evaluated on a mesh and
// interpolated linearly in between, like GDAL's approximate transformer; for two north-up images in
// one CRS the mapping is affine and the mesh is exact.
import type { SampleArray } from '../raster/types.ts';
import { sourceValidityOrNull, type AnalysisImage, type SourceImage } from './analysis-image.ts';
import type { ScorePassKernel } from './score-pass-kernel.ts';

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
  /**
   * Source offset in pixels when the mapping is a pure translation (same CRS, same pixel size,
   * north-up: the common case), else null. Then every pixel has the same bilinear weights.
   */
  readonly translationPixels: { readonly x: number; readonly y: number } | null;
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

// Far below what bilinear weights can resolve in Float32 output, far above proj4's rounding.
const translationTolerancePixels = 1e-6;

function translationOf(
  nodeColumns: Int32Array,
  nodeRows: Int32Array,
  sourceX: Float64Array,
  sourceY: Float64Array,
): { x: number; y: number } | null {
  const x = sourceX[0] - nodeColumns[0];
  const y = sourceY[0] - nodeRows[0];
  let k = 0;
  for (const row of nodeRows) {
    for (const column of nodeColumns) {
      if (
        Math.abs(sourceX[k] - column - x) > translationTolerancePixels ||
        Math.abs(sourceY[k] - row - y) > translationTolerancePixels
      )
        return null;
      k++;
    }
  }
  return { x, y };
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
  const translationPixels = translationOf(nodeColumns, nodeRows, sourceX, sourceY);
  return { width, height, nodeColumns, nodeRows, sourceX, sourceY, translationPixels };
}

/** Analysis pixels (row, firstColumn + j · columnStep) for j < count. */
export interface RowRun {
  readonly row: number;
  readonly firstColumn: number;
  readonly columnStep: number;
  readonly count: number;
}

/** Where a run goes: pixel j to `bands[b][offset + j]` and `valid[offset + j]`. */
export interface RunOutput {
  readonly bands: readonly Float32Array[];
  readonly valid: Uint8Array;
  readonly offset: number;
}

/** Reads pixels of an image on the analysis grid, a run of one row at a time. */
export interface AnalysisRowReader {
  /** Writes the run's samples and validity; returns how many are valid. Invalid pixels get 0. */
  span(run: RowRun, output: RunOutput): number;
}

/**
 * One band of a whole row under a pure translation: out[o] for from <= o < to, from source pixels
 * p = start + (o - from) and their right and lower neighbours. The right column of one pixel is
 * the left column of the next, so it is carried in registers: two loads per pixel instead of
 * four, with the same products and sums as the four-load form.
 */
function translateRow(
  s: SampleArray,
  sw: number,
  start: number,
  out: Float32Array,
  from: number,
  to: number,
  w00: number,
  w10: number,
  w01: number,
  w11: number,
): void {
  let top = s[start];
  let bottom = s[start + sw];
  for (let o = from, p = start + 1; o < to; o++, p++) {
    const nextTop = s[p];
    const nextBottom = s[p + sw];
    out[o] = top * w00 + nextTop * w10 + bottom * w01 + nextBottom * w11;
    top = nextTop;
    bottom = nextBottom;
  }
}

/**
 * Bilinear resampling of source bands onto a mesh's grid. A pixel is valid only where all four
 * source neighbours are valid (`sourceValid` null: every source pixel is): the union of the nodata
 * masks. A pure translation takes a loop with constant weights, the rest goes through the mesh.
 */
export class BilinearResampler implements AnalysisRowReader {
  private readonly sourceWidth: number;
  private readonly sourceHeight: number;
  private readonly inputs: readonly SampleArray[];
  private readonly rowX: Float64Array;
  private readonly rowY: Float64Array;
  private xs = new Float64Array(0);
  private ys = new Float64Array(0);

  constructor(
    source: SourceImage,
    bandIndices: readonly number[],
    private readonly mapping: MeshMapping,
    private readonly sourceValid: Uint8Array | null,
    /** The score pass's kernels, for the rows of a pure translation; null: JavaScript alone. */
    private readonly kernel: ScorePassKernel | null = null,
  ) {
    if (source.width < 2 || source.height < 2)
      throw new Error('The image to resample is smaller than 2 x 2 pixels.');
    this.sourceWidth = source.width;
    this.sourceHeight = source.height;
    this.inputs = bandIndices.map((b) => source.bands[b]);
    this.rowX = new Float64Array(mapping.nodeColumns.length);
    this.rowY = new Float64Array(mapping.nodeColumns.length);
  }

  span(run: RowRun, output: RunOutput): number {
    const { row, firstColumn, columnStep, count } = run;
    const { bands: outputs, valid, offset } = output;
    if (this.xs.length < count) {
      this.xs = new Float64Array(count);
      this.ys = new Float64Array(count);
    }
    const { xs, ys } = this;
    const translation = this.mapping.translationPixels;
    if (!translation) {
      this.meshCoordinates(row, firstColumn, columnStep, count);
      return this.bilinearAt(0, count, outputs, valid, offset);
    }
    // Interior columns, whose four neighbours are inside the source without clamping, share
    // one set of weights; the columns beyond them take the per-pixel path with its clamping.
    const sw = this.sourceWidth;
    const sh = this.sourceHeight;
    const y = row + translation.y;
    const ix = Math.floor(translation.x);
    const fx = translation.x - ix;
    const lowest = Math.max(0, Math.ceil((-ix - firstColumn) / columnStep));
    const highest = Math.min(count - 1, Math.floor((sw - 2 - ix - firstColumn) / columnStep));
    const interior = y >= 0 && y < sh - 1 && lowest <= highest;
    let validCount = 0;
    const edges: [number, number][] = interior
      ? [
          [0, lowest],
          [highest + 1, count],
        ]
      : [[0, count]];
    for (const [from, to] of edges) {
      for (let j = from; j < to; j++) {
        xs[j] = firstColumn + j * columnStep + translation.x;
        ys[j] = y;
      }
      validCount += this.bilinearAt(from, to, outputs, valid, offset);
    }
    if (!interior) return validCount;
    const y0 = Math.floor(y);
    const fy = y - y0;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    const start = y0 * sw + firstColumn + lowest * columnStep + ix;
    const end = offset + highest + 1;
    const sourceValid = this.sourceValid;
    if (sourceValid) {
      for (let o = offset + lowest, p = start; o < end; o++, p += columnStep) {
        const v =
          sourceValid[p] & sourceValid[p + 1] & sourceValid[p + sw] & sourceValid[p + sw + 1];
        valid[o] = v;
        validCount += v;
      }
    } else {
      valid.fill(1, offset + lowest, end);
      validCount += highest + 1 - lowest;
    }
    for (let b = 0; b < this.inputs.length; b++) {
      const s = this.inputs[b];
      const out = outputs[b];
      if (columnStep === 1) {
        const from = offset + lowest;
        if (!this.kernel?.translate(s, sw, start, out, from, end, [w00, w10, w01, w11]))
          translateRow(s, sw, start, out, from, end, w00, w10, w01, w11);
      } else
        for (let o = offset + lowest, p = start; o < end; o++, p += columnStep)
          out[o] = s[p] * w00 + s[p + 1] * w10 + s[p + sw] * w01 + s[p + sw + 1] * w11;
      if (sourceValid) for (let o = offset + lowest; o < end; o++) if (!valid[o]) out[o] = 0;
    }
    return validCount;
  }

  /** Source coordinates of a run of one row, interpolated linearly within the mesh. */
  private meshCoordinates(row: number, firstColumn: number, columnStep: number, count: number) {
    const { nodeColumns, nodeRows, sourceX, sourceY } = this.mapping;
    const { rowX, rowY, xs, ys } = this;
    const meshWidth = nodeColumns.length;
    let meshRow = 0;
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
    for (let j = 0; j < count; j++) {
      const column = firstColumn + j * columnStep;
      while (segment < meshWidth - 2 && column > nodeColumns[segment + 1]) segment++;
      const c0 = nodeColumns[segment];
      const fc = (column - c0) / (nodeColumns[segment + 1] - c0);
      xs[j] = rowX[segment] + (rowX[segment + 1] - rowX[segment]) * fc;
      ys[j] = rowY[segment] + (rowY[segment + 1] - rowY[segment]) * fc;
    }
  }

  /** Per-pixel bilinear sampling at the coordinates xs[j], ys[j] for from <= j < to. */
  private bilinearAt(
    from: number,
    to: number,
    outputs: readonly Float32Array[],
    valid: Uint8Array,
    offset: number,
  ): number {
    const { xs, ys, inputs, sourceValid } = this;
    const sw = this.sourceWidth;
    const sh = this.sourceHeight;
    let validCount = 0;
    for (let j = from; j < to; j++) {
      const out = offset + j;
      let x = xs[j];
      let y = ys[j];
      valid[out] = 0;
      for (let b = 0; b < inputs.length; b++) outputs[b][out] = 0;
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
        sourceValid &&
        (!sourceValid[p] || !sourceValid[p + 1] || !sourceValid[p + sw] || !sourceValid[p + sw + 1])
      )
        continue;
      valid[out] = 1;
      validCount++;
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      for (let b = 0; b < inputs.length; b++) {
        const s = inputs[b];
        outputs[b][out] = s[p] * w00 + s[p + 1] * w10 + s[p + sw] * w01 + s[p + sw + 1] * w11;
      }
    }
    return validCount;
  }
}

/** Bands of one image over the whole analysis grid, read a run at a time. */
export interface GridBands extends AnalysisRowReader {
  readonly width: number;
  readonly height: number;
  readonly bandCount: number;
}

/**
 * An image's bands on the analysis grid, read a run at a time: what a whole-grid copy would hold
 * (rounded to the source's own integer type; Float32 for float sources), resampled when read
 * instead. The pipeline keeps after's bands this way for the footprint candidates, which read
 * only the windows of the change regions: a copy would cost 48 MB at 4096² RGB bytes while the
 * score pass also holds both images.
 */
export class ResampledOnGrid implements GridBands {
  readonly width: number;
  readonly height: number;
  readonly bandCount: number;
  private readonly resampler: BilinearResampler;
  private readonly integer: boolean;

  constructor(
    source: SourceImage,
    bandIndices: readonly number[],
    mapping: MeshMapping,
    sourceValid: Uint8Array | null,
  ) {
    this.resampler = new BilinearResampler(source, bandIndices, mapping, sourceValid);
    this.bandCount = bandIndices.length;
    this.width = mapping.width;
    this.height = mapping.height;
    this.integer = bandIndices.some(
      (b) => !(source.bands[b] instanceof Float32Array || source.bands[b] instanceof Float64Array),
    );
  }

  span(run: RowRun, output: RunOutput): number {
    const valid = this.resampler.span(run, output);
    if (this.integer) {
      const end = output.offset + run.count;
      for (const band of output.bands)
        for (let j = output.offset; j < end; j++) band[j] = Math.round(band[j]);
    }
    return valid;
  }
}

/**
 * Bands already on the analysis grid (`width` × `height`, row-major) as a row reader; a pixel is
 * valid where any band is not 0, the convention of resampled bands.
 */
export function bandsOnGrid(
  bands: readonly SampleArray[],
  width: number,
  height: number,
): GridBands {
  return {
    width,
    height,
    bandCount: bands.length,
    span({ row, firstColumn, columnStep, count }, { bands: outputs, valid, offset }) {
      let validCount = 0;
      for (let j = 0; j < count; j++) {
        const k = row * width + firstColumn + j * columnStep;
        let data = 0;
        for (let b = 0; b < bands.length; b++) {
          outputs[b][offset + j] = bands[b][k];
          if (bands[b][k] !== 0) data = 1;
        }
        valid[offset + j] = data;
        validCount += data;
      }
      return validCount;
    },
  };
}

/** Bilinear resampling of `source` bands `bandIndices` onto the mesh's grid (or a window of it). */
export function resampleBilinear(
  source: SourceImage,
  bandIndices: readonly number[],
  mapping: MeshMapping,
  pixelWindow: PixelWindow = { column: 0, row: 0, width: mapping.width, height: mapping.height },
  sourceValid: Uint8Array | null = sourceValidityOrNull(source),
): AnalysisImage {
  const resampler = new BilinearResampler(source, bandIndices, mapping, sourceValid);
  const outputs = bandIndices.map(() => new Float32Array(pixelWindow.width * pixelWindow.height));
  const valid = new Uint8Array(pixelWindow.width * pixelWindow.height);
  for (let j = 0; j < pixelWindow.height; j++) {
    resampler.span(
      {
        row: pixelWindow.row + j,
        firstColumn: pixelWindow.column,
        columnStep: 1,
        count: pixelWindow.width,
      },
      { bands: outputs, valid, offset: j * pixelWindow.width },
    );
  }
  return { width: pixelWindow.width, height: pixelWindow.height, bands: outputs, valid };
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
