// Stage 6b: 8-connected components of the change mask by the classic two-pass labelling with a
// union-find of provisional labels (Rosenfeld & Pfaltz 1966), then per-component statistics and
// the minimum-area filter.

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

function union(parent: Int32Array, a: number, b: number): number {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return ra;
  if (ra < rb) {
    parent[rb] = ra;
    return ra;
  }
  parent[ra] = rb;
  return rb;
}

export function labelComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  score: Float32Array | null,
  minimumPixels = 1,
): LabelledComponents {
  const labels = new Int32Array(width * height);
  let parent = new Int32Array(1024);
  let next = 1;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let x = 0; x < width; x++) {
      const k = base + x;
      if (!mask[k]) continue;
      // Already-visited 8-neighbours: west, north-west, north, north-east.
      let label = x > 0 ? labels[k - 1] : 0;
      if (y > 0) {
        const up = k - width;
        if (x > 0 && labels[up - 1])
          label = label ? union(parent, label, labels[up - 1]) : labels[up - 1];
        if (labels[up]) label = label ? union(parent, label, labels[up]) : labels[up];
        if (x < width - 1 && labels[up + 1])
          label = label ? union(parent, label, labels[up + 1]) : labels[up + 1];
      }
      if (!label) {
        if (next >= parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        label = next++;
      }
      labels[k] = label;
    }
  }
  // Resolve to compact final labels and gather statistics.
  const final = new Int32Array(next);
  let count = 0;
  for (let l = 1; l < next; l++) {
    const root = find(parent, l);
    final[l] = root === l ? ++count : 0;
  }
  for (let l = 1; l < next; l++) if (!final[l]) final[l] = final[find(parent, l)];
  const pixels = new Float64Array(count + 1);
  const sums = new Float64Array(count + 1);
  const maxima = new Float64Array(count + 1).fill(-Infinity);
  const minColumn = new Int32Array(count + 1).fill(width);
  const minRow = new Int32Array(count + 1).fill(height);
  const maxColumn = new Int32Array(count + 1);
  const maxRow = new Int32Array(count + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0, k = y * width; x < width; x++, k++) {
      if (!labels[k]) continue;
      const l = final[labels[k]];
      labels[k] = l;
      pixels[l]++;
      if (score) {
        const s = score[k];
        if (s === s) {
          sums[l] += s;
          if (s > maxima[l]) maxima[l] = s;
        }
      }
      if (x < minColumn[l]) minColumn[l] = x;
      if (x + 1 > maxColumn[l]) maxColumn[l] = x + 1;
      if (y < minRow[l]) minRow[l] = y;
      if (y + 1 > maxRow[l]) maxRow[l] = y + 1;
    }
  }
  // Drop small components and renumber the rest 1..n.
  const kept = new Int32Array(count + 1);
  const components: ChangeComponent[] = [];
  for (let l = 1; l <= count; l++) {
    if (pixels[l] < minimumPixels) continue;
    kept[l] = components.length + 1;
    components.push({
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
  for (let k = 0; k < labels.length; k++) if (labels[k]) labels[k] = kept[labels[k]];
  return { labels, components };
}
