// Footprint candidates inside a change region. A region over a new building also holds what its
// construction changed around it (disturbed ground, vehicle tracks) and the shadow it now casts, so
// the region's own rectangle is far larger than the building. The surroundings reach the region's
// rim, while a building sits inside it: the region's after colours are split into a few classes, a
// class found on the rim about as often as anywhere in the region is its ground, and the rest that
// is not much darker than the lit ground (shadow), cleaned by an opening and a closing, gives one
// candidate per compact part.
import { labelComponents, type ChangeComponent } from '../change/connected-components.ts';
import { openThenClose } from '../change/morphology.ts';
import type { GridBands } from '../change/common-grid.ts';

/** The after image on the labels' grid, with the dark-object level of each band. */
export interface AfterAppearance {
  /** After's bands on the labels' grid; 0 in every band where after has no data. */
  readonly bands: GridBands;
  /**
   * Per band, a low percentile of the whole image: the path radiance (haze, sensor offset) that a
   * shadow still shows (dark-object subtraction, Chavez 1988), so brightness ratios compare
   * reflected light only.
   */
  readonly darkLevels: readonly number[];
}

export interface FootprintCandidateOptions {
  /** Mean side of a pixel, metres. */
  readonly pixelSizeMetres: number;
  /** Smallest candidate kept, square metres. */
  readonly minAreaSquareMetres?: number;
  /** Depth of the rim band whose colours are taken as the region's ground, metres. */
  readonly rimDepthMetres?: number;
  /**
   * A colour class is ground when its share of pixels on the rim is at least this fraction of the
   * region's (1 = as often as a colour spread evenly over the region).
   */
  readonly groundRimShare?: number;
  /** A pixel whose reflected brightness is below this share of the ground's is shadow. */
  readonly shadowBrightnessShare?: number;
  /** Opening that cuts tracks and rim slivers off the candidates, metres. */
  readonly openingRadiusMetres?: number;
  /** Closing that bridges the gaps a roof frame's shadows leave in a building, metres. */
  readonly closingRadiusMetres?: number;
}

export const defaultFootprintCandidateOptions = {
  minAreaSquareMetres: 20,
  rimDepthMetres: 2,
  groundRimShare: 0.1,
  shadowBrightnessShare: 0.5,
  openingRadiusMetres: 1,
  closingRadiusMetres: 1,
} as const;

/**
 * A candidate as a labelled window: `labels` covers `columns` × `rows` pixels whose top-left pixel
 * is (`column`, `row`) of the full grid, and `component` is the candidate's label and box in it.
 */
export interface FootprintCandidateMask {
  readonly column: number;
  readonly row: number;
  readonly columns: number;
  readonly rows: number;
  readonly labels: Int32Array;
  readonly component: ChangeComponent;
}

/** Share of the darkest pixels taken as the dark object of each band. */
const darkObjectQuantile = 0.001;
/** Pixels sampled per band for the dark-object level; enough for a stable 0.1 % quantile. */
const darkObjectSamples = 65_536;

export function afterAppearance(bands: GridBands): AfterAppearance {
  const { width, height, bandCount } = bands;
  const length = width * height;
  const step = Math.max(1, Math.floor(length / darkObjectSamples));
  const samples = Array.from(
    { length: bandCount },
    () => new Float32Array(Math.ceil(length / step)),
  );
  // Every step-th pixel in row-major order, read a row's share at a time.
  const perRow = Math.ceil(width / step) + 1;
  const row = Array.from({ length: bandCount }, () => new Float32Array(perRow));
  const valid = new Uint8Array(perRow);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const firstColumn = (step - ((y * width) % step)) % step;
    if (firstColumn >= width) continue;
    const n = Math.floor((width - 1 - firstColumn) / step) + 1;
    bands.span(
      { row: y, firstColumn, columnStep: step, count: n },
      { bands: row, valid, offset: 0 },
    );
    for (let j = 0; j < n; j++) {
      // Resampling leaves 0 in every band where the after image has no data.
      let data = false;
      for (let b = 0; b < bandCount; b++) data ||= row[b][j] !== 0;
      if (!data) continue;
      for (let b = 0; b < bandCount; b++) samples[b][count] = row[b][j];
      count++;
    }
  }
  const darkLevels = samples.map((band) =>
    count ? band.subarray(0, count).sort()[Math.floor(count * darkObjectQuantile)] : 0,
  );
  return { bands, darkLevels };
}

/** Colour classes a region is split into: a yard, its tracks, a roof, a slab, shadow... */
const colourClassCount = 6;
/** Pixels the colour classes are fitted on, at most. */
const clusterSamples = 2048;

/**
 * k-means (Lloyd 1982) of the pixels' colours, each band standardised by its spread over the
 * region, fitted on an evenly spaced sample and started from brightness quantiles so that it is
 * deterministic; returns each pixel's class (indexed like `colour`'s pixels).
 */
function clusterColours(
  colour: Float32Array,
  bandCount: number,
  pixels: Int32Array,
  classCount: number,
): Uint8Array {
  const n = pixels.length;
  const centre = new Float64Array(bandCount);
  const spread = new Float64Array(bandCount);
  for (const k of pixels)
    for (let b = 0; b < bandCount; b++) centre[b] += colour[k * bandCount + b];
  for (let b = 0; b < bandCount; b++) centre[b] /= n;
  for (const k of pixels)
    for (let b = 0; b < bandCount; b++) spread[b] += (colour[k * bandCount + b] - centre[b]) ** 2;
  const scale = spread.map((v) => 1 / Math.max(Math.sqrt(v / n), 1e-6));
  // Standardised colours of the region's pixels, packed, so the distance loops stay flat.
  const features = new Float32Array(n * bandCount);
  for (let i = 0; i < n; i++)
    for (let b = 0; b < bandCount; b++)
      features[i * bandCount + b] = colour[pixels[i] * bandCount + b] * scale[b];
  const step = Math.ceil(n / clusterSamples);
  const sampleCount = Math.ceil(n / step);
  // Each sample's brightness once, rather than twice per comparison of the sort.
  const brightness = new Float64Array(sampleCount);
  for (let i = 0; i < sampleCount; i++) {
    let sum = 0;
    for (let b = 0; b < bandCount; b++) sum += features[i * step * bandCount + b];
    brightness[i] = sum;
  }
  const ordered = Array.from({ length: sampleCount }, (_, i) => i).sort(
    (i, j) => brightness[i] - brightness[j],
  );
  const means = new Float64Array(classCount * bandCount);
  for (let c = 0; c < classCount; c++) {
    const seed = ordered[Math.floor(((c + 0.5) / classCount) * sampleCount)] * step;
    for (let b = 0; b < bandCount; b++) means[c * bandCount + b] = features[seed * bandCount + b];
  }
  const nearest = (i: number) => {
    if (bandCount === 3) return nearestOfThree(features, i, means, classCount);
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < classCount; c++) {
      let distance = 0;
      for (let b = 0; b < bandCount; b++)
        distance += (features[i * bandCount + b] - means[c * bandCount + b]) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    return best;
  };
  const assigned = new Int8Array(sampleCount).fill(-1);
  const sums = new Float64Array(classCount * bandCount);
  const sizes = new Float64Array(classCount);
  for (let iteration = 0, moved = 1; iteration < 12 && moved > 0; iteration++) {
    sums.fill(0);
    sizes.fill(0);
    moved = 0;
    for (let s = 0; s < sampleCount; s++) {
      const i = s * step;
      const c = nearest(i);
      if (c !== assigned[s]) moved++;
      assigned[s] = c;
      sizes[c]++;
      for (let b = 0; b < bandCount; b++) sums[c * bandCount + b] += features[i * bandCount + b];
    }
    for (let c = 0; c < classCount; c++)
      if (sizes[c])
        for (let b = 0; b < bandCount; b++)
          means[c * bandCount + b] = sums[c * bandCount + b] / sizes[c];
  }
  const classes = new Uint8Array(colour.length / bandCount);
  for (let i = 0; i < n; i++) classes[pixels[i]] = nearest(i);
  return classes;
}

/**
 * The nearest class of pixel i for three bands (RGB), written out: its colour read once instead of
 * once per class, and the same sums in the same order as the general loop.
 */
function nearestOfThree(
  features: Float32Array,
  i: number,
  means: Float64Array,
  classCount: number,
): number {
  const f0 = features[i * 3];
  const f1 = features[i * 3 + 1];
  const f2 = features[i * 3 + 2];
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < classCount; c++) {
    const d0 = f0 - means[c * 3];
    const d1 = f1 - means[c * 3 + 1];
    const d2 = f2 - means[c * 3 + 2];
    const distance = d0 * d0 + d1 * d1 + d2 * d2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}

/** Sum over each pixel's 3 × 3 neighbourhood (outside the window counts as 0). */
function boxSum3(values: ArrayLike<number>, columns: number, rows: number): Float32Array {
  const across = new Float32Array(columns * rows);
  for (let y = 0; y < rows; y++) {
    const base = y * columns;
    for (let x = 0; x < columns; x++) {
      across[base + x] =
        values[base + x] +
        (x > 0 ? values[base + x - 1] : 0) +
        (x < columns - 1 ? values[base + x + 1] : 0);
    }
  }
  const sums = new Float32Array(columns * rows);
  for (let k = 0; k < sums.length; k++) {
    sums[k] =
      across[k] +
      (k >= columns ? across[k - columns] : 0) +
      (k < sums.length - columns ? across[k + columns] : 0);
  }
  return sums;
}

/** Chessboard distance of every set pixel to the nearest unset one (outside the window counts as unset). */
function chessboardDistance(inside: Uint8Array, columns: number, rows: number): Int32Array {
  const distance = new Int32Array(inside.length);
  const big = columns + rows;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const k = y * columns + x;
      if (!inside[k]) continue;
      let d = big;
      if (x === 0 || y === 0) d = 1;
      else
        d = Math.min(
          d,
          distance[k - 1] + 1,
          distance[k - columns] + 1,
          distance[k - columns - 1] + 1,
        );
      if (y > 0 && x < columns - 1) d = Math.min(d, distance[k - columns + 1] + 1);
      distance[k] = d;
    }
  }
  for (let y = rows - 1; y >= 0; y--) {
    for (let x = columns - 1; x >= 0; x--) {
      const k = y * columns + x;
      if (!inside[k]) continue;
      let d = distance[k];
      if (x === columns - 1 || y === rows - 1) d = 1;
      else
        d = Math.min(
          d,
          distance[k + 1] + 1,
          distance[k + columns] + 1,
          distance[k + columns + 1] + 1,
        );
      if (y < rows - 1 && x > 0) d = Math.min(d, distance[k + columns - 1] + 1);
      distance[k] = d;
    }
  }
  return distance;
}

/** What each pixel of a region's window is taken to be. */
export const PixelClass = { outside: 0, ground: 1, shadow: 2, standsOut: 3 } as const;

/** A window of the grid around one region: `columns` × `rows` from (`column`, `row`). */
export interface RegionWindow {
  readonly column: number;
  readonly row: number;
  readonly columns: number;
  readonly rows: number;
}

/**
 * Each pixel of the region, in a window with `marginPixels` around it: ground (its colour class
 * reaches the rim), shadow (another class, much darker than the lit rim) or standing out; null
 * when the region has no interior beyond its rim.
 */
export function classifyRegionPixels(
  labels: Int32Array,
  width: number,
  region: ChangeComponent,
  appearance: AfterAppearance,
  options: FootprintCandidateOptions,
  marginPixels: number,
): { window: RegionWindow; classes: Uint8Array } | null {
  const o = { ...defaultFootprintCandidateOptions, ...options };
  const column = region.minColumn - marginPixels;
  const row = region.minRow - marginPixels;
  const columns = region.maxColumn - region.minColumn + 2 * marginPixels;
  const rows = region.maxRow - region.minRow + 2 * marginPixels;
  const height = labels.length / width;
  const bandCount = appearance.bands.bandCount;
  const inside = new Uint8Array(columns * rows);
  for (let y = 0; y < rows; y++) {
    const gridRow = row + y;
    if (gridRow < 0 || gridRow >= height) continue;
    for (let x = 0; x < columns; x++) {
      const gridColumn = column + x;
      if (
        gridColumn >= 0 &&
        gridColumn < width &&
        labels[gridRow * width + gridColumn] === region.label
      )
        inside[y * columns + x] = 1;
    }
  }
  // After colours less the dark object, averaged over the 3 × 3 neighbours inside the region so that
  // sensor noise does not speckle the classes and outside pixels do not bleed in. The sums are
  // separable: three along the row, then three of those down the column.
  const colour = new Float32Array(columns * rows * bandCount);
  const neighbours = boxSum3(inside, columns, rows);
  const values = Array.from({ length: bandCount }, () => new Float32Array(columns * rows));
  // The window on the grid, read a row at a time (the bands are resampled when read, not kept
  // whole); only the region's own pixels are used.
  const firstColumn = Math.max(0, column);
  const endColumn = Math.min(width, column + columns);
  const valid = new Uint8Array(columns * rows);
  for (let y = 0; y < rows; y++) {
    const gridRow = row + y;
    if (gridRow < 0 || gridRow >= height || endColumn <= firstColumn) continue;
    appearance.bands.span(
      { row: gridRow, firstColumn, columnStep: 1, count: endColumn - firstColumn },
      { bands: values, valid, offset: y * columns + firstColumn - column },
    );
  }
  for (let b = 0; b < bandCount; b++) {
    const band = values[b];
    for (let k = 0; k < inside.length; k++) if (!inside[k]) band[k] = 0;
    const sums = boxSum3(band, columns, rows);
    for (let k = 0; k < inside.length; k++)
      if (inside[k]) colour[k * bandCount + b] = sums[k] / neighbours[k] - appearance.darkLevels[b];
  }
  const depth = chessboardDistance(inside, columns, rows);
  // The outermost pixel is skipped: it mixes the region with what lies outside it.
  const rimDepthPixels = Math.max(1, Math.round(o.rimDepthMetres / o.pixelSizeMetres)) + 1;
  const rim: number[] = [];
  for (let k = 0; k < inside.length; k++)
    if (depth[k] >= 2 && depth[k] <= rimDepthPixels) rim.push(k);
  if (rim.length < 8 || rim.length >= region.pixelCount) return null;
  const brightness = new Float64Array(columns * rows);
  for (let k = 0; k < inside.length; k++)
    if (inside[k]) for (let b = 0; b < bandCount; b++) brightness[k] += colour[k * bandCount + b];
  // Shadow is judged against the lit ground: the rim's upper quartile of brightness, so that a
  // region whose rim is itself shadow (a shadow that moved) keeps its shadow as ground.
  const rimBrightness = new Float64Array(rim.length);
  for (let i = 0; i < rim.length; i++) rimBrightness[i] = brightness[rim[i]];
  rimBrightness.sort();
  const shadowBelow =
    rimBrightness[Math.floor(rimBrightness.length * 0.75)] * o.shadowBrightnessShare;
  let insideCount = 0;
  const allPixels = new Int32Array(inside.length);
  for (let k = 0; k < inside.length; k++) if (inside[k]) allPixels[insideCount++] = k;
  const pixels = allPixels.subarray(0, insideCount);
  const cluster = clusterColours(colour, bandCount, pixels, colourClassCount);
  const onRim = new Float64Array(colourClassCount);
  const total = new Float64Array(colourClassCount);
  for (const k of pixels) total[cluster[k]]++;
  for (const k of rim) onRim[cluster[k]]++;
  // A colour is ground when it reaches the rim about as often as the region's pixels do on
  // average; a building's colours stay inside.
  const rimShare = rim.length / pixels.length;
  const ground = Array.from(total, (n, c) => n > 0 && onRim[c] / n >= rimShare * o.groundRimShare);
  const classes = new Uint8Array(columns * rows);
  for (const k of pixels)
    classes[k] = ground[cluster[k]]
      ? PixelClass.ground
      : brightness[k] < shadowBelow
        ? PixelClass.shadow
        : PixelClass.standsOut;
  return { window: { column, row, columns, rows }, classes };
}

/**
 * The compact parts of one change region that differ from its ground and are not shadow, largest
 * first. Empty when nothing inside the region stands out from its rim (the region is itself the
 * object, or all of it is ground).
 */
export function footprintCandidates(
  labels: Int32Array,
  width: number,
  region: ChangeComponent,
  appearance: AfterAppearance,
  options: FootprintCandidateOptions,
): FootprintCandidateMask[] {
  const o = { ...defaultFootprintCandidateOptions, ...options };
  const metres = (value: number) => Math.max(1, Math.round(value / o.pixelSizeMetres));
  const openingPixels = metres(o.openingRadiusMetres);
  const closingPixels = metres(o.closingRadiusMetres);
  const minimumPixels = Math.ceil(o.minAreaSquareMetres / o.pixelSizeMetres ** 2);
  // A region holds a candidate only if there is room for the candidate and ground around it.
  if (region.pixelCount < 2 * minimumPixels) return [];
  // A margin so that the morphology never meets the window's edge.
  const margin = openingPixels + closingPixels + 1;
  const classified = classifyRegionPixels(labels, width, region, appearance, o, margin);
  if (!classified) return [];
  const { window: regionWindow, classes } = classified;
  const standsOut = classes.map((c) => (c === PixelClass.standsOut ? 1 : 0));
  const cleaned = openThenClose(
    standsOut,
    regionWindow.columns,
    regionWindow.rows,
    openingPixels,
    closingPixels,
  );
  // The closing may reach past the region where a candidate meets its rim; the region bounds it.
  for (let k = 0; k < cleaned.length; k++) if (classes[k] === PixelClass.outside) cleaned[k] = 0;
  const parts = labelComponents(
    cleaned,
    regionWindow.columns,
    regionWindow.rows,
    null,
    minimumPixels,
  );
  return parts.components
    .map((component) => ({ ...regionWindow, labels: parts.labels, component }))
    .sort((a, b) => b.component.pixelCount - a.component.pixelCount);
}
