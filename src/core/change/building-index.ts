// A structure score: how much more building-like each place is after than before. A roof is a
// bright, compact object: brighter than the ground around it and shorter than a few tens of metres
// in every direction, while a road is as bright but long in one direction and a field or lawn is
// not brighter than its surroundings. The white top-hat of brightness by linear openings in four
// directions, taken as its minimum over the directions, keeps exactly such objects: this is the
// core of the morphological building index (Huang & Zhang 2011, "A multidirectional and multiscale
// morphological index for automatic building extraction"), here as the difference of the openings
// by a short and a long line (objects between the two lengths, where the MBI averages a profile of
// many), and its gain between the dates as in Huang, Zhang & Zhu 2014 (building change detection by
// the MBI). It complements the change-vector score: a field that
// became a housing estate changes colour everywhere (yards, roads, lawns), but only the roofs gain
// structure. Hand-written: grey-level openings along lines are not in any library we use, and the
// van Herk / Gil–Werman running extremum costs a few comparisons per pixel whatever the length.

import { ensureWasmMemory, instantiateWasm, type WasmMemory } from '../wasm.ts';
import { emptyBitMask, type BitMask } from './bit-mask.ts';
import { cellBrightnessWasmHex } from './cell-brightness-wasm.ts';
import { lineOpeningsWasmHex } from './line-openings-wasm.ts';

/** Offsets of the four directions: rows, columns and both diagonals. */
const directions = [
  [1, 0],
  [0, 1],
  [1, 1],
  [-1, 1],
] as const;

/**
 * Negated running minimum (erosion) of 2r + 1 samples, centred: `padded[r .. r + n)` holds the
 * line and `padded`'s first and last r samples the outside, +∞ (so an image edge never fakes a
 * structure). Writes −min into `out[outOffset .. outOffset + n)`, which may be `padded` itself at
 * offset r: the backward pass has read a sample before it overwrites it. Erosion twice, negated
 * each time, is an opening (max(a, b) = −min(−a, −b)). van Herk 1992 / Gil & Werman 1993:
 * block-wise prefix and suffix minima, two passes whatever the length.
 */
function negatedErosion(
  padded: Float64Array,
  n: number,
  r: number,
  forward: Float64Array,
  out: Float64Array,
  outOffset: number,
): void {
  const w = 2 * r + 1;
  const total = n + 2 * r;
  // Blocks of w samples from padded index 0; counters replace a modulo per sample and the running
  // minimum stays in a local.
  let m = Infinity;
  for (let i = 0, b = w; i < total; i++, b++) {
    const v = padded[i];
    if (b === w) {
      b = 0;
      m = v;
    } else if (v < m) m = v;
    forward[i] = m;
  }
  // The suffix minimum of each block, combined on the way with the prefix minimum 2r further on.
  for (let i = total - 1, b = i % w; i >= 0; i--, b--) {
    const v = padded[i];
    if (i === total - 1 || b === w - 1) m = v;
    else if (v < m) m = v;
    if (b === 0) b = w;
    if (i < n) {
      const c = forward[i + 2 * r];
      out[outOffset + i] = -(m < c ? m : c);
    }
  }
}

/** Line buffers for openings of lines up to `longest` samples with radii up to `r`. */
class LineOpener {
  readonly line: Float64Array;
  private readonly padded: Float64Array;
  private readonly forward: Float64Array;

  constructor(longest: number, r: number) {
    this.line = new Float64Array(longest);
    this.padded = new Float64Array(longest + 2 * r);
    this.forward = new Float64Array(longest + 2 * r);
  }

  /** Opening of `line[0 .. n)` by 2r + 1 samples into `out`: erosion, then dilation. */
  open(n: number, r: number, out: Float64Array): void {
    const { padded, forward } = this;
    padded.fill(Infinity, 0, r);
    padded.set(this.line.subarray(0, n), r);
    padded.fill(Infinity, r + n, n + 2 * r);
    negatedErosion(padded, n, r, forward, padded, r);
    negatedErosion(padded, n, r, forward, out, 0);
  }
}

/** Every line of direction (dx, dy) once, from its first pixel inside the image. */
function forEachLine(
  width: number,
  height: number,
  dx: number,
  dy: number,
  visit: (first: number, n: number) => void,
): void {
  if (dy === 0) for (let y = 0; y < height; y++) visit(y * width, width);
  else if (dx === 0) for (let x = 0; x < width; x++) visit(x, height);
  else {
    // Diagonals down-right start on the top row or the left column; down-left on the top row or
    // the right column.
    const startColumn = dx > 0 ? 0 : width - 1;
    for (let x = 0; x < width; x++) visit(x, Math.min(height, dx > 0 ? width - x : x + 1));
    for (let y = 1; y < height; y++) visit(y * width + startColumn, Math.min(height - y, width));
  }
}

/** Half the samples of a centred line of `lengthPixels` along (dx, dy), a diagonal step counting √2. */
function lineRadius(dx: number, dy: number, lengthPixels: number): number {
  const steps = dx !== 0 && dy !== 0 ? lengthPixels / Math.SQRT2 : lengthPixels;
  return Math.max(1, Math.floor(steps / 2));
}

/**
 * Per pixel, the smallest over four directions of what a line of `shortestPixels` keeps of the
 * brightness and a line of `lengthPixels` removes: `opening(short) − opening(long)`, the part of
 * the white top-hat made of objects between the two lengths (with `shortestPixels` < 2, the
 * image itself stands for the short opening). High on compact bright objects shorter than the
 * long line in every direction and longer than the short one, near zero on roads (long in one
 * direction), open ground, edges and specks of texture. Each image line is read once per
 * direction and both openings are taken from it. (Transposing or shearing the image so that every
 * line is a row was measured slower than reading each line through its stride: 3.7 against 2.8 s
 * at 4096².) Into `out` when given, which may be `image` itself.
 */
export function buildingIndex(
  image: Float32Array,
  width: number,
  height: number,
  lengthPixels: number,
  shortestPixels = 0,
  out?: Float32Array,
): Float32Array {
  const index =
    buildingIndexWasm(image, width, height, lengthPixels, shortestPixels, out) ??
    buildingIndexScalar(image, width, height, lengthPixels, shortestPixels);
  if (!out || index === out) return index;
  out.set(index);
  return out;
}

/**
 * `buildingIndex` in plain JavaScript, one line at a time: where WebAssembly SIMD is missing, and
 * the reference its WebAssembly version is tested against.
 */
export function buildingIndexScalar(
  image: Float32Array,
  width: number,
  height: number,
  lengthPixels: number,
  shortestPixels = 0,
): Float32Array {
  const index = new Float32Array(image.length).fill(Infinity);
  const longest = Math.max(width, height);
  const long = new Float64Array(longest);
  const short = new Float64Array(longest);
  for (const [dx, dy] of directions) {
    const r = lineRadius(dx, dy, lengthPixels);
    const rShort = shortestPixels >= 2 ? lineRadius(dx, dy, shortestPixels) : 0;
    const opener = new LineOpener(longest, r);
    const step = dy * width + dx;
    forEachLine(width, height, dx, dy, (first, n) => {
      const { line } = opener;
      for (let j = 0, k = first; j < n; j++, k += step) line[j] = image[k];
      opener.open(n, r, long);
      if (rShort > 0) opener.open(n, rShort, short);
      else short.set(line.subarray(0, n));
      for (let j = 0, k = first; j < n; j++, k += step) {
        const hat = short[j] - long[j];
        if (hat < index[k] || hat !== hat) index[k] = hat;
      }
    });
  }
  return index;
}

/** The exports of line-openings-wat.ts; every address is in bytes. */
interface LineOpeningsKernel {
  memory: WasmMemory;
  erode(src: number, dst: number, fwd: number, n: number, r: number): void;
  dilate(src: number, dst: number, fwd: number, n: number, r: number): void;
  gather(from: number, step: number, count: number, dst: number): void;
  scatter(to: number, step: number, count: number, long: number, short: number): void;
  gatherRows(a: number, b: number, c: number, d: number, count: number, dst: number): void;
  scatterRows(
    a: number,
    b: number,
    c: number,
    d: number,
    count: number,
    long: number,
    short: number,
  ): void;
}

let kernel: LineOpeningsKernel | null | undefined;

function lineOpeningsKernel(): LineOpeningsKernel | null {
  if (kernel === undefined) kernel = instantiateWasm<LineOpeningsKernel>(lineOpeningsWasmHex);
  return kernel;
}

/**
 * Drops the line-openings kernel and so its memory (about 34 MB after a 2048²-cell index); the
 * next index instantiates it again, which costs well under a millisecond.
 */
export function releaseLineOpeningsKernel(): void {
  if (kernel) kernel = undefined;
}

const VECTOR = 16;

/**
 * `buildingIndex` four lines at a time in WebAssembly SIMD (line-openings-wat.ts); null when
 * WebAssembly SIMD is not available or the image does not fit its memory. The same arithmetic as
 * `buildingIndexScalar` on the same f32 values, so the same result. Lines of the three directions
 * that cross rows are taken four neighbours at a time (x = c + dx·y for four consecutive c), which
 * lie side by side in every row: one vector load per row. Rows are taken four at a time.
 */
function buildingIndexWasm(
  image: Float32Array,
  width: number,
  height: number,
  lengthPixels: number,
  shortestPixels: number,
  out?: Float32Array,
): Float32Array | null {
  const k = lineOpeningsKernel();
  if (!k || width < 1 || height < 1) return null;
  const longest = Math.max(width, height);
  const rMax = lineRadius(1, 0, lengthPixels);
  const lineBytes = (longest + 2 * rMax) * VECTOR;
  // Slack around the image and the index: a vector load at a row's edge reaches 3 samples past it.
  const imageAt = 64;
  const indexAt = imageAt + Math.ceil((image.length * 4 + 64) / VECTOR) * VECTOR;
  const src = indexAt + Math.ceil((image.length * 4 + 64) / VECTOR) * VECTOR;
  const tmp = src + lineBytes;
  const fwd = tmp + lineBytes;
  const long = fwd + lineBytes;
  const short = long + lineBytes;
  const needed = short + lineBytes;
  if (!ensureWasmMemory(k.memory, needed)) return null;
  const f = new Float32Array(k.memory.buffer);
  f.set(image, imageAt / 4);
  f.fill(Infinity, indexAt / 4, indexAt / 4 + image.length);
  // Lane positions (vector · 4 + lane) of the current group that lie outside the image.
  const outside = new Int32Array(4 * longest);
  let outsideCount = 0;
  const setOutside = (at: number, offsetVectors: number, value: number) => {
    const base = at / 4 + offsetVectors * 4;
    for (let i = 0; i < outsideCount; i++) f[base + outside[i]] = value;
  };
  // Erosion then dilation by 2r + 1 samples of the n vectors at src + r (with r vectors of +∞
  // before and after them), into `out`.
  const open = (n: number, r: number, rLong: number, out: number) => {
    // src's padding is rLong vectors; the r it needs are its last r.
    k.erode(src + (rLong - r) * VECTOR, tmp + rLong * VECTOR, fwd, n, r);
    f.fill(-Infinity, (tmp + (rLong - r) * VECTOR) / 4, (tmp + rLong * VECTOR) / 4);
    f.fill(-Infinity, (tmp + (rLong + n) * VECTOR) / 4, (tmp + (rLong + n + r) * VECTOR) / 4);
    setOutside(tmp, rLong, -Infinity);
    k.dilate(tmp + (rLong - r) * VECTOR, out, fwd, n, r);
  };
  const hats = (n: number, r: number, rShort: number) => {
    f.fill(Infinity, src / 4, (src + r * VECTOR) / 4);
    f.fill(Infinity, (src + (r + n) * VECTOR) / 4, (src + (2 * r + n) * VECTOR) / 4);
    setOutside(src, r, Infinity);
    open(n, r, r, long);
    if (rShort > 0) open(n, rShort, r, short);
    else f.copyWithin(short / 4, (src + r * VECTOR) / 4, (src + (r + n) * VECTOR) / 4);
    // short − long is +∞ outside, so the index there keeps what it has.
    setOutside(short, 0, Infinity);
    setOutside(long, 0, 0);
  };
  for (const [dx, dy] of directions) {
    const r = lineRadius(dx, dy, lengthPixels);
    const rShort = shortestPixels >= 2 ? lineRadius(dx, dy, shortestPixels) : 0;
    if (dy === 0) {
      outsideCount = 0;
      for (let y0 = 0; y0 < height; y0 += 4) {
        const row = (j: number) => imageAt + Math.min(y0 + j, height - 1) * width * 4;
        k.gatherRows(row(0), row(1), row(2), row(3), width, src + r * VECTOR);
        hats(width, r, rShort);
        const at = (j: number) => row(j) - imageAt + indexAt;
        k.scatterRows(at(0), at(1), at(2), at(3), width, long, short);
      }
      continue;
    }
    const cFirst = dx > 0 ? -(height - 1) : 0;
    const cLast = dx < 0 ? width - 1 + height - 1 : width - 1;
    for (let c0 = cFirst; c0 <= cLast; c0 += 4) {
      // Rows any of the four lines c0 .. c0 + 3 crosses.
      const yLo = dx > 0 ? Math.max(0, -c0 - 3) : dx < 0 ? Math.max(0, c0 - width + 1) : 0;
      const yHi =
        dx > 0 ? Math.min(height, width - c0) : dx < 0 ? Math.min(height, c0 + 4) : height;
      const n = yHi - yLo;
      outsideCount = 0;
      for (let t = 0; t < n; t++) {
        const x = c0 + dx * (yLo + t);
        if (x >= 0 && x + 3 < width) continue;
        for (let j = 0; j < 4; j++)
          if (x + j < 0 || x + j >= width) outside[outsideCount++] = t * 4 + j;
      }
      const first = (yLo * width + c0 + dx * yLo) * 4;
      const step = (width + dx) * 4;
      k.gather(imageAt + first, step, n, src + r * VECTOR);
      hats(n, r, rShort);
      k.scatter(indexAt + first, step, n, long, short);
    }
  }
  const index = f.subarray(indexAt / 4, indexAt / 4 + image.length);
  if (!out) return index.slice();
  out.set(index);
  return out;
}

/** The structure gain on a coarser grid: `factor` analysis pixels a side per cell. */
export interface StructureGain {
  readonly factor: number;
  readonly width: number;
  readonly height: number;
  /** Building index after minus before, in before's invariant-spread units; NaN = no data. */
  readonly values: Float32Array;
  /**
   * Cells whose before index exceeds `existingStructureIndex`: building-like already on the before
   * date (for telling an existing roof relit by another sun from a new one).
   */
  readonly existing: BitMask;
}

/** Before index above which a cell holds an existing structure (the default structure threshold). */
export const existingStructureIndex = 0.5;

/** Per band: after' = gain · after + offset in before's units, divided by `scale`. */
export type BandLinear = { readonly gain: number; readonly offset: number; readonly scale: number };

/** Where one date's samples of a block of rows are: pixel k of the grid is `bands[b][k − shift]`. */
interface RowSamples {
  readonly bands: readonly ArrayLike<number>[];
  readonly shift: number;
}

/** The exports of cell-brightness-wat.ts: one kernel per sample type, addresses in bytes. */
type CellSums = (
  b0: number,
  b1: number,
  b2: number,
  n: number,
  g0: number,
  o0: number,
  g1: number,
  o1: number,
  g2: number,
  o2: number,
  factor: number,
  dst: number,
) => void;
interface CellBrightnessKernel {
  memory: WasmMemory;
  cellSumsU8: CellSums;
  cellSumsU16: CellSums;
  cellSumsF32: CellSums;
}

let brightnessKernel: CellBrightnessKernel | null | undefined;

/**
 * One row of three bands, samples [first, first + width), summed per cell of `factor` pixels in
 * WebAssembly (the same f64 arithmetic in the same order as the JavaScript loop below); null when
 * the kernel is missing or the bands are not all Uint8, Uint16 or Float32.
 */
function wasmRowCellSums(
  bands: readonly ArrayLike<number>[],
  first: number,
  width: number,
  linear: readonly (readonly number[])[],
  factor: number,
): Float64Array | null {
  if (brightnessKernel === undefined)
    brightnessKernel = instantiateWasm<CellBrightnessKernel>(cellBrightnessWasmHex);
  const k = brightnessKernel;
  if (!k) return null;
  const [a, b, c] = bands;
  const kind =
    a instanceof Uint8Array && b instanceof Uint8Array && c instanceof Uint8Array
      ? 1
      : a instanceof Uint16Array && b instanceof Uint16Array && c instanceof Uint16Array
        ? 2
        : a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array
          ? 4
          : 0;
  if (kind === 0) return null;
  const bandBytes = Math.ceil((width * kind) / 8) * 8;
  const cells = Math.ceil(width / factor);
  if (!ensureWasmMemory(k.memory, 3 * bandBytes + cells * 8)) return null;
  const buffer = k.memory.buffer;
  for (let band = 0; band < 3; band++) {
    const samples = bands[band] as Uint8Array | Uint16Array | Float32Array;
    const at = band * bandBytes;
    const row = samples.subarray(first, first + width);
    if (kind === 1) new Uint8Array(buffer, at, width).set(row);
    else if (kind === 2) new Uint16Array(buffer, at, width).set(row);
    else new Float32Array(buffer, at, width).set(row);
  }
  const [[g0, o0], [g1, o1], [g2, o2]] = linear;
  const sums = kind === 1 ? k.cellSumsU8 : kind === 2 ? k.cellSumsU16 : k.cellSumsF32;
  const dst = 3 * bandBytes;
  sums(0, bandBytes, 2 * bandBytes, width, g0, o0, g1, o1, g2, o2, factor, dst);
  return new Float64Array(buffer, dst, cells);
}

/**
 * Brightness of one date on grid row y, the largest band after `linear` (scale, offset) per band,
 * summed per cell of `factor` × `factor` pixels into `out` (and counted into `counts` if given);
 * pixels whose score is NaN (no data) are left out unless `allValid` says there are none. Returns
 * the sum over the valid pixels. The cells wholly inside `dataSpan` (columns [lo, hi) all with
 * data; null: unknown) are summed in WebAssembly, the rest here: a row's brightness first, in one
 * tight loop (three bands in locals), then its cells, 20 % faster than both in one loop.
 */
function accumulateBrightness(
  grid: {
    readonly width: number;
    readonly factor: number;
    readonly cellsX: number;
    readonly score: Float32Array;
    readonly row: Float64Array;
  },
  y: number,
  samples: RowSamples,
  linear: readonly (readonly number[])[],
  out: Float32Array,
  counts: Uint16Array | null,
  allValid: boolean,
  dataSpan: readonly [number, number] | null,
): number {
  const { width, factor, cellsX, score, row } = grid;
  const { bands: sampleBands, shift } = samples;
  const bandCount = sampleBands.length;
  const rowCells = Math.ceil(width / factor);
  let total = 0;
  const cellRow = Math.floor(y / factor) * cellsX;
  const rowStart = y * width;
  const first = rowStart - shift;
  // The cells [wasmFrom, wasmTo) wholly inside the row's run of data (addRows finds it: a shifted
  // pair lacks data at a row's ends) go to WebAssembly.
  let wasmFrom = 0;
  let wasmTo = 0;
  let wasmSums: Float64Array | null = null;
  if (bandCount === 3 && dataSpan) {
    const [lo, hi] = dataSpan;
    wasmFrom = Math.ceil(lo / factor);
    wasmTo = hi === width ? rowCells : Math.floor(hi / factor);
    const xFrom = wasmFrom * factor;
    const sums =
      wasmTo > wasmFrom
        ? wasmRowCellSums(
            sampleBands,
            first + xFrom,
            Math.min(wasmTo * factor, width) - xFrom,
            linear,
            factor,
          )
        : null;
    if (!sums) wasmTo = wasmFrom = 0;
    else wasmSums = sums;
  }
  // The cells left and right of those here, in order: the same sums added in the same order.
  for (const [cellFrom, cellTo, inWasm] of [
    [0, wasmFrom, false],
    [wasmFrom, wasmTo, true],
    [wasmTo, rowCells, false],
  ] as const) {
    if (cellTo <= cellFrom) continue;
    if (inWasm && wasmSums) {
      for (let c = 0; c < wasmSums.length; c++) {
        const cell = wasmFrom + c;
        const sum = wasmSums[c];
        out[cellRow + cell] += sum;
        if (counts) counts[cellRow + cell] += Math.min(factor, width - cell * factor);
        total += sum;
      }
      continue;
    }
    const xFrom = cellFrom * factor;
    const xTo = Math.min(cellTo * factor, width);
    if (bandCount === 3) {
      const [b0, b1, b2] = sampleBands;
      const [g0, o0] = linear[0];
      const [g1, o1] = linear[1];
      const [g2, o2] = linear[2];
      for (let x = xFrom, i = first + xFrom; x < xTo; x++, i++) {
        const v0 = b0[i] * g0 + o0;
        const v1 = b1[i] * g1 + o1;
        const v2 = b2[i] * g2 + o2;
        row[x] = v0 > v1 ? (v0 > v2 ? v0 : v2) : v1 > v2 ? v1 : v2;
      }
    } else {
      row.fill(-Infinity, xFrom, xTo);
      for (let band = 0; band < bandCount; band++) {
        const values = sampleBands[band];
        const [g, o] = linear[band];
        for (let x = xFrom, i = first + xFrom; x < xTo; x++, i++) {
          const v = values[i] * g + o;
          if (v > row[x]) row[x] = v;
        }
      }
    }
    for (let x0 = xFrom, cell = cellRow + cellFrom; x0 < xTo; x0 += factor, cell++) {
      const x1 = x0 + factor < width ? x0 + factor : width;
      let sum = 0;
      let count = 0;
      if (allValid) {
        for (let x = x0; x < x1; x++) sum += row[x];
        count = x1 - x0;
      } else {
        for (let x = x0; x < x1; x++) {
          const s = score[rowStart + x];
          if (s !== s) continue;
          sum += row[x];
          count++;
        }
        if (count === 0) continue;
      }
      out[cell] += sum;
      if (counts) counts[cell] += count;
      total += sum;
    }
  }
  return total;
}

/** Metres per cell the index is computed at: roofs are many metres wide, so 1 m loses nothing. */
const structureCellMetres = 1;

/**
 * How much more building-like each place is after than before (`buildingIndex` of the brightness,
 * the largest normalised band, of each date), on a grid of about 1 m cells: block means of the
 * analysis pixels, so 0.5 m imagery costs a quarter. Cells without data take the mean brightness,
 * so the edge of the data does not read as a structure. The cells are filled a block of rows at a
 * time (`addRows`), so the pipeline can add each row while it still has it in cache.
 */
export class StructureCells {
  readonly factor: number;
  private readonly grid: {
    width: number;
    factor: number;
    cellsX: number;
    score: Float32Array;
    row: Float64Array;
  };
  private readonly cellsY: number;
  private readonly brightness: readonly [Float32Array, Float32Array];
  private readonly counts: Uint16Array;
  private readonly sums = [0, 0];
  private readonly beforeLinear: readonly (readonly number[])[];
  private readonly afterLinear: readonly (readonly number[])[];

  constructor(
    private readonly pixelMetres: number,
    width: number,
    height: number,
    bands: readonly BandLinear[],
    score: Float32Array,
  ) {
    this.factor = Math.max(1, Math.round(structureCellMetres / pixelMetres));
    const cellsX = Math.ceil(width / this.factor);
    this.cellsY = Math.ceil(height / this.factor);
    this.grid = { width, factor: this.factor, cellsX, score, row: new Float64Array(width) };
    this.brightness = [
      new Float32Array(cellsX * this.cellsY),
      new Float32Array(cellsX * this.cellsY),
    ];
    this.counts = new Uint16Array(cellsX * this.cellsY);
    this.beforeLinear = bands.map((b) => [1 / b.scale, 0]);
    this.afterLinear = bands.map((b) => [b.gain / b.scale, b.offset / b.scale]);
  }

  /**
   * Rows [firstRow, endRow) of both dates, once their score (for its NaN = no data) is known;
   * `allValid` when the caller knows every pixel of them has data.
   */
  addRows(
    firstRow: number,
    endRow: number,
    before: RowSamples,
    after: RowSamples,
    allValid = false,
  ): void {
    const [b, a] = this.brightness;
    const { width, score } = this.grid;
    for (let y = firstRow; y < endRow; y++) {
      // The columns with data, [lo, hi), when they are one run (a shifted pair lacks a few at the
      // row's ends); null when nodata lies between.
      let span: [number, number] | null = [0, width];
      if (!allValid) {
        const start = y * width;
        let lo = 0;
        let hi = width;
        while (lo < hi && score[start + lo] !== score[start + lo]) lo++;
        while (hi > lo && score[start + hi - 1] !== score[start + hi - 1]) hi--;
        for (let x = lo; x < hi && span; x++)
          if (score[start + x] !== score[start + x]) span = null;
        if (span) span = [lo, hi];
      }
      this.sums[0] += accumulateBrightness(
        this.grid,
        y,
        before,
        this.beforeLinear,
        b,
        this.counts,
        allValid,
        span,
      );
      this.sums[1] += accumulateBrightness(
        this.grid,
        y,
        after,
        this.afterLinear,
        a,
        null,
        allValid,
        span,
      );
    }
  }

  /**
   * Each date's mean brightness per cell over the rows added so far; NaN where none had data.
   * Before `gain`, which turns the cells into the indexes.
   */
  means(): [Float32Array, Float32Array] {
    const { counts } = this;
    const mean = (sums: Float32Array) => sums.map((sum, c) => (counts[c] ? sum / counts[c] : NaN));
    return [mean(this.brightness[0]), mean(this.brightness[1])];
  }

  /** The structure gain from the rows added so far; once, as it reuses the cells' memory. */
  gain(lengthMetres: number, shortestMetres = 0): StructureGain {
    const { counts, brightness, factor } = this;
    const { cellsX } = this.grid;
    let valid = 0;
    for (let c = 0; c < counts.length; c++) valid += counts[c];
    for (let d = 0; d < 2; d++) {
      const fill = valid ? this.sums[d] / valid : 0;
      const image = brightness[d];
      for (let c = 0; c < image.length; c++) image[c] = counts[c] ? image[c] / counts[c] : fill;
    }
    const cellMetres = this.pixelMetres * factor;
    const length = lengthMetres / cellMetres;
    const shortest = shortestMetres / cellMetres;
    // Each index into its own date's brightness, which it no longer needs: two arrays of the
    // grid's size fewer at the pipeline's peak of memory.
    const [b, a] = brightness;
    const before = buildingIndex(b, cellsX, this.cellsY, length, shortest, b);
    const values = buildingIndex(a, cellsX, this.cellsY, length, shortest, a);
    // The kernel's memory holds a copy of a whole cell grid and its index: not kept for a next run.
    releaseLineOpeningsKernel();
    const existing = emptyBitMask(cellsX, this.cellsY);
    for (let cy = 0, c = 0; cy < this.cellsY; cy++)
      for (let cx = 0; cx < cellsX; cx++, c++) {
        if (before[c] > existingStructureIndex && counts[c])
          existing.words[cy * existing.wordsPerRow + (cx >>> 5)] |= 1 << (cx & 31);
        values[c] = counts[c] ? values[c] - before[c] : NaN;
      }
    return { factor, width: cellsX, height: this.cellsY, values, existing };
  }
}
