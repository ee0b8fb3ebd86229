// Stage 6b: 8-connected components of the change mask by two-pass labelling with a union-find
// (Rosenfeld & Pfaltz 1966) over runs of set pixels rather than pixels (as in He, Chao & Suzuki
// 2008's run-based variant): a row's runs are joined to the runs of the row above they touch. Then
// per-component statistics and the minimum-area filter.
import { forEachRun, packMask, type BitMask } from './bit-mask.ts';

export interface ChangeComponent {
  /** Label in `labels` (1-based). */
  readonly label: number;
  readonly pixelCount: number;
  /** Bounding box in pixels: first column/row and one past the last. */
  readonly minColumn: number;
  readonly minRow: number;
  readonly maxColumn: number;
  readonly maxRow: number;
  readonly meanScore: number;
  readonly maxScore: number;
}

export interface LabelledComponents {
  /** 0 for background, else the component's label; components below the minimum area are 0. */
  readonly labels: Int32Array;
  readonly components: readonly ChangeComponent[];
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Runs of set pixels in raster order, with growable storage. */
class Runs {
  count = 0;
  rows = new Int32Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);

  push(row: number, start: number, end: number) {
    if (this.count === this.rows.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rows = grow(this.rows);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.rows[this.count] = row;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

/** Components of the set pixels; `labels` holds each kept component's number (1-based). */
export function labelComponentsOfBits(
  bits: BitMask,
  score: Float32Array | null,
  minimumPixels = 1,
): LabelledComponents {
  const { width, height } = bits;
  const runs = new Runs();
  forEachRun(bits, (row, start, end) => runs.push(row, start, end));
  const { count, rows, starts, ends } = runs;
  // A run joins every run of the row above that touches it, diagonally included (8-connectivity):
  // their columns overlap once widened by one pixel. The root of a set is its first run.
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  let above = 0;
  let rowStart = 0;
  for (let r = 0; r < count; r++) {
    const row = rows[r];
    if (r === 0 || row !== rows[r - 1]) {
      above = rowStart;
      while (above < r && rows[above] < row - 1) above++;
      rowStart = r;
    }
    for (let a = above; a < rowStart && starts[a] <= ends[r]; a++) {
      if (ends[a] < starts[r]) {
        above = a + 1;
        continue;
      }
      const ra = find(parent, a);
      const rb = find(parent, r);
      if (ra < rb) parent[rb] = ra;
      else if (rb < ra) parent[ra] = rb;
    }
  }
  // Components numbered by their first run, which holds their first pixel in raster order.
  const componentOf = new Int32Array(count);
  let components = 0;
  for (let r = 0; r < count; r++) {
    const root = find(parent, r);
    componentOf[r] = root === r ? ++components : componentOf[root];
  }
  const pixels = new Float64Array(components + 1);
  const sums = new Float64Array(components + 1);
  const maxima = new Float64Array(components + 1).fill(-Infinity);
  const minColumn = new Int32Array(components + 1).fill(width);
  const minRow = new Int32Array(components + 1).fill(height);
  const maxColumn = new Int32Array(components + 1);
  const maxRow = new Int32Array(components + 1);
  for (let r = 0; r < count; r++) {
    const l = componentOf[r];
    const row = rows[r];
    pixels[l] += ends[r] - starts[r];
    if (starts[r] < minColumn[l]) minColumn[l] = starts[r];
    if (ends[r] > maxColumn[l]) maxColumn[l] = ends[r];
    if (row < minRow[l]) minRow[l] = row;
    if (row + 1 > maxRow[l]) maxRow[l] = row + 1;
    if (!score) continue;
    for (let k = row * width + starts[r], end = row * width + ends[r]; k < end; k++) {
      const s = score[k];
      if (s === s) {
        sums[l] += s;
        if (s > maxima[l]) maxima[l] = s;
      }
    }
  }
  // Drop small components and renumber the rest 1..n.
  const kept = new Int32Array(components + 1);
  const list: ChangeComponent[] = [];
  for (let l = 1; l <= components; l++) {
    if (pixels[l] < minimumPixels) continue;
    kept[l] = list.length + 1;
    list.push({
      label: kept[l],
      pixelCount: pixels[l],
      minColumn: minColumn[l],
      minRow: minRow[l],
      maxColumn: maxColumn[l],
      maxRow: maxRow[l],
      meanScore: score ? sums[l] / pixels[l] : NaN,
      maxScore: score ? maxima[l] : NaN,
    });
  }
  const labels = new Int32Array(width * height);
  for (let r = 0; r < count; r++) {
    const label = kept[componentOf[r]];
    if (label) labels.fill(label, rows[r] * width + starts[r], rows[r] * width + ends[r]);
  }
  return { labels, components: list };
}

export function labelComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  score: Float32Array | null,
  minimumPixels = 1,
): LabelledComponents {
  return labelComponentsOfBits(packMask(mask, width, height), score, minimumPixels);
}
