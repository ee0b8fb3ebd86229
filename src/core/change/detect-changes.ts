// The change-detection pipeline from two decoded, georeferenced images to change polygons. It is
// split where a user iterates: `prepareChanges` (grid, co-registration, normalisation, score) is
// the slow part and its result is cached; `extractChanges` (threshold, clean-up, polygons) is quick
// and is re-run when the threshold or minimum area changes.
import type { FeatureCollection, Polygon } from 'geojson';
import {
  invertGeoTransform,
  pixelPoint,
  pixelToProjected,
  projectedPoint,
  projectedToPixel,
  type GeoTransform,
} from '../georef/affine.ts';
import { crsTransformer, type Crs } from '../georef/crs.ts';
import { pixelSizeMetres } from '../georef/pixel-size.ts';
import type { GeoTiffInfo } from '../raster/open-geotiff.ts';
import type { ColorInterpretation, Raster, SampleArray } from '../raster/types.ts';
import { vectoriseComponents, type ChangeRegionProperties } from '../vectorize/change-polygons.ts';
import { sampleBothValid, sourceValidityOrNull, type SourceImage } from './analysis-image.ts';
import { effectiveInterpretation, matchBands } from './band-matching.ts';
import { ChangeScorer } from './change-score.ts';
import {
  BilinearResampler,
  meshMapping,
  resampledBandLike,
  storeResampledRow,
  type PixelMapping,
} from './common-grid.ts';
import { emptyBitMask, forEachRun } from './bit-mask.ts';
import { labelComponentsOfBits } from './connected-components.ts';
import {
  estimateShift,
  manualShift,
  type ChipSource,
  type CoregistrationResult,
} from './coregistration.ts';
import { estimateExpectedChange } from './expected-change.ts';
import { smoothScore } from './score-smoothing.ts';
import { openThenCloseBits } from './morphology.ts';
import {
  defaultSamplePixels,
  normaliseSamples,
  type RadiometricNormalisation,
} from './radiometric-normalisation.ts';
import {
  chooseThresholdValue,
  scoreHistogram,
  scoreRange,
  type ScoreRange,
  type ThresholdResult,
} from './threshold.ts';

/** A decoded image with what the pipeline needs to place it on the ground. */
export interface GeoImage extends SourceImage {
  readonly colorInterpretations: readonly ColorInterpretation[];
  readonly geoTransform: GeoTransform;
  readonly crs: Crs;
}

/** The pipeline's view of a decoded GeoTIFF; null when the file is not georeferenced. */
export function geoImageOf(info: GeoTiffInfo, raster: Raster): GeoImage | null {
  if (!info.geoTransform || !info.crs) return null;
  return {
    width: raster.width,
    height: raster.height,
    bands: raster.bands,
    noData: raster.noData,
    colorInterpretations: info.bands.map((b) =>
      effectiveInterpretation(b.colorInterpretation, b.description),
    ),
    geoTransform: info.geoTransform,
    crs: info.crs,
  };
}

export type ThresholdChoice = 'auto' | 'otsu' | 'ki' | number;

export interface PrepareOptions {
  /** Estimate and apply the co-registration shift (default true). */
  readonly align?: boolean;
  /** A shift set by hand in analysis pixels; replaces the estimate. */
  readonly manualShiftPixels?: { readonly x: number; readonly y: number };
  readonly shadowWeight?: number;
  /** Subtract the typical change of each before colour (seasons); see expected-change.ts. */
  readonly classConditional?: boolean;
  /** Radius of the local mean applied to the score, metres (0 = none). */
  readonly smoothingRadiusMetres?: number;
}

export interface ExtractOptions {
  readonly threshold?: ThresholdChoice;
  readonly minAreaSquareMetres?: number;
  /** Radius of the opening that removes slivers (shadow edges, residual misregistration), metres. */
  readonly openingRadiusMetres?: number;
  /** Radius of the closing that fills pinholes, metres. */
  readonly closingRadiusMetres?: number;
  /** Floor of an automatic threshold, in MADs above the median score (see threshold.ts). */
  readonly noiseFloorMads?: number;
  readonly simplifyPixels?: number;
}

export type DetectOptions = PrepareOptions & ExtractOptions;

export type Stage =
  | 'grid'
  | 'coregistration'
  | 'normalisation'
  | 'score'
  | 'threshold'
  | 'morphology'
  | 'components'
  | 'vectorise';

export interface DetectHooks {
  readonly onProgress?: (stage: Stage, fraction: number) => void;
  readonly signal?: AbortSignal;
}

export type StageTimings = Partial<Record<Stage, number>>;

/** The cacheable intermediate: everything needed to re-threshold without touching the imagery. */
export interface PreparedChanges {
  readonly width: number;
  readonly height: number;
  readonly geoTransform: GeoTransform;
  readonly crs: Crs;
  readonly pixelSizeMetres: { readonly x: number; readonly y: number };
  /** Change score per analysis pixel; NaN where either image has no data. */
  readonly score: Float32Array;
  readonly scoreRange: ScoreRange;
  /**
   * After's matched bands resampled onto the analysis grid, for the footprint candidates: in
   * after's sample type (rounded) for integer imagery, Float32 for float imagery.
   */
  readonly afterBands: readonly SampleArray[];
  readonly coregistration: CoregistrationResult;
  readonly normalisation: RadiometricNormalisation;
  readonly overlapFraction: number;
  readonly timingsMilliseconds: StageTimings;
}

export interface ChangeResult {
  readonly threshold: ThresholdResult;
  /** 1 changed, 0 unchanged, 255 nodata, on the analysis grid (after clean-up). */
  readonly mask: Uint8Array;
  readonly changedFractionAfterCleanUp: number;
  readonly regions: FeatureCollection<Polygon, ChangeRegionProperties>;
  readonly timingsMilliseconds: StageTimings;
}

export const defaultDetectOptions = {
  align: true,
  shadowWeight: 1,
  classConditional: true,
  smoothingRadiusMetres: 0,
  threshold: 'auto',
  minAreaSquareMetres: 20,
  openingRadiusMetres: 1,
  closingRadiusMetres: 1,
  simplifyPixels: 1,
} as const;

export class NoOverlapError extends Error {}

function mappingToAfter(before: GeoImage, after: GeoImage): PixelMapping {
  const toAfterCrs =
    before.crs.proj4 === after.crs.proj4 ? null : crsTransformer(before.crs, after.crs).forward;
  const inverse = invertGeoTransform(after.geoTransform);
  return (column, row) => {
    const p = pixelToProjected(before.geoTransform, pixelPoint(column, row));
    const q = toAfterCrs ? toAfterCrs([p[0], p[1]]) : p;
    const pixel = projectedToPixel(inverse, projectedPoint(q[0], q[1]));
    return [pixel[0], pixel[1]];
  };
}

function timer(timings: StageTimings, hooks: DetectHooks) {
  let last = performance.now();
  return (stage: Stage) => {
    const now = performance.now();
    timings[stage] = now - last;
    last = now;
    hooks.onProgress?.(stage, 1);
    hooks.signal?.throwIfAborted();
  };
}

export function prepareChanges(
  before: GeoImage,
  after: GeoImage,
  options: PrepareOptions = {},
  hooks: DetectHooks = {},
): PreparedChanges {
  const timings: StageTimings = {};
  const done = timer(timings, hooks);
  const { width, height } = before;
  const match = matchBands(before.colorInterpretations, after.colorInterpretations);
  const beforeBands = match.pairs.map((p) => before.bands[p.beforeBand]);
  const afterBands = match.pairs.map((p) => p.afterBand);
  const toLonLat = crsTransformer(before.crs, 'EPSG:4326').forward;
  const pixelSize = pixelSizeMetres(before.geoTransform, width, height, (xy) => toLonLat(xy));
  const toAfter = mappingToAfter(before, after);
  const beforeValid = sourceValidityOrNull(before);
  const afterValid = sourceValidityOrNull(after);
  // Coarse overlap check on the mesh alone before any pixel is resampled.
  const unshifted = meshMapping(width, height, toAfter);
  let inside = 0;
  for (let k = 0; k < unshifted.sourceX.length; k++) {
    const x = unshifted.sourceX[k];
    const y = unshifted.sourceY[k];
    if (x > -0.5 && y > -0.5 && x < after.width - 0.5 && y < after.height - 0.5) inside++;
  }
  if (inside === 0) throw new NoOverlapError('The before and after images do not overlap.');
  done('grid');

  let coregistration: CoregistrationResult;
  if (options.manualShiftPixels) {
    coregistration = manualShift(options.manualShiftPixels, { pixelSizeMetres: pixelSize });
  } else if (options.align ?? defaultDetectOptions.align) {
    const resampler = new BilinearResampler(after, afterBands, unshifted, afterValid);
    coregistration = estimateShift(
      width,
      height,
      greyChips(width, beforeBands, beforeValid, resampler),
      { pixelSizeMetres: pixelSize },
    );
  } else {
    coregistration = manualShift({ x: 0, y: 0 }, { pixelSizeMetres: pixelSize }, 0, false);
  }
  done('coregistration');

  const aligned = meshMapping(width, height, toAfter, 16, coregistration.shiftPixels);
  const afterOnGrid = new BilinearResampler(after, afterBands, aligned, afterValid);
  const samples = sampleBothValid(
    width,
    height,
    beforeBands,
    beforeValid,
    afterOnGrid,
    defaultSamplePixels,
  );
  const normalisation = normaliseSamples(samples);
  const expected =
    (options.classConditional ?? defaultDetectOptions.classConditional)
      ? estimateExpectedChange(samples, normalisation)
      : null;
  done('normalisation');
  // Resampling and scoring in one pass, a row at a time: the resampled after bands exist only for
  // the current row, never as whole-image float arrays.
  const scorer = new ChangeScorer(normalisation, {
    shadowWeight: options.shadowWeight ?? defaultDetectOptions.shadowWeight,
    expected,
  });
  const pixelScore = new Float32Array(width * height);
  // Kept for the footprint candidates in after's own sample type (rounded): Float32 would take
  // four times the memory of byte imagery (192 instead of 48 MB at 4096² RGB).
  const afterOnGridBands = afterBands.map((b) => resampledBandLike(after.bands[b], width * height));
  const afterRow = afterBands.map(() => new Float32Array(width));
  const afterRowValid = new Uint8Array(width);
  let afterValidCount = 0;
  let minimumScore = Infinity;
  let maximumScore = -Infinity;
  for (let row = 0; row < height; row++) {
    const start = row * width;
    const validInRow = afterOnGrid.span(
      { row, firstColumn: 0, columnStep: 1, count: width },
      { bands: afterRow, valid: afterRowValid, offset: 0 },
    );
    afterValidCount += validInRow;
    scorer.score(
      { bands: beforeBands, valid: beforeValid, offset: start },
      // A row wholly inside after needs no validity test per pixel.
      { bands: afterRow, valid: validInRow === width ? null : afterRowValid, offset: 0 },
      pixelScore,
      start,
      width,
    );
    afterOnGridBands.forEach((band, b) => storeResampledRow(band, start, afterRow[b]));
    // The range while the row is still in cache, for the threshold's histogram.
    const range = scoreRange(pixelScore, start, start + width);
    if (range.minimum < minimumScore) minimumScore = range.minimum;
    if (range.maximum > maximumScore) maximumScore = range.maximum;
  }
  const overlapFraction = afterValidCount / (width * height);
  if (overlapFraction === 0)
    throw new NoOverlapError('The before and after images do not overlap.');
  const smoothingMetres =
    options.smoothingRadiusMetres ?? defaultDetectOptions.smoothingRadiusMetres;
  const pixelMetres = Math.sqrt(pixelSize.x * pixelSize.y);
  const smoothingPixels = Math.round(smoothingMetres / pixelMetres);
  const score = smoothScore(pixelScore, width, height, smoothingPixels);
  done('score');
  return {
    width,
    height,
    geoTransform: before.geoTransform,
    crs: before.crs,
    pixelSizeMetres: pixelSize,
    score,
    scoreRange:
      smoothingPixels > 0 ? scoreRange(score) : { minimum: minimumScore, maximum: maximumScore },
    afterBands: afterOnGridBands,
    coregistration,
    normalisation,
    overlapFraction,
    timingsMilliseconds: timings,
  };
}

/** Grey (band sum) chips of both images for co-registration, `after` resampled without a shift. */
function greyChips(
  width: number,
  beforeBands: readonly SampleArray[],
  beforeValid: Uint8Array | null,
  after: BilinearResampler,
): ChipSource {
  return {
    before(chip) {
      const grey = new Float32Array(chip.width * chip.height);
      const valid = new Uint8Array(grey.length).fill(1);
      for (let r = 0; r < chip.height; r++) {
        const o = r * chip.width;
        const k = (chip.row + r) * width + chip.column;
        for (const band of beforeBands)
          for (let c = 0; c < chip.width; c++) grey[o + c] += band[k + c];
        if (beforeValid) valid.set(beforeValid.subarray(k, k + chip.width), o);
      }
      return { grey, valid };
    },
    after(chip) {
      const size = chip.width * chip.height;
      const bands = beforeBands.map(() => new Float32Array(size));
      const valid = new Uint8Array(size);
      for (let r = 0; r < chip.height; r++) {
        after.span(
          { row: chip.row + r, firstColumn: chip.column, columnStep: 1, count: chip.width },
          { bands, valid, offset: r * chip.width },
        );
      }
      const grey = new Float32Array(size);
      for (const band of bands) for (let i = 0; i < size; i++) grey[i] += band[i];
      return { grey, valid };
    },
  };
}

export function extractChanges(
  prepared: PreparedChanges,
  options: ExtractOptions = {},
  hooks: DetectHooks = {},
): ChangeResult {
  const o = { ...defaultDetectOptions, ...options };
  const timings: StageTimings = {};
  const done = timer(timings, hooks);
  const { width, height, score } = prepared;
  const method = o.threshold === 'auto' ? 'ki' : o.threshold;
  const chosen = chooseThresholdValue(score, method, {
    noiseFloorMads: options.noiseFloorMads,
    histogram:
      method === 'otsu' || method === 'ki'
        ? scoreHistogram(score, 1024, prepared.scoreRange)
        : undefined,
  });
  const mask = new Uint8Array(width * height);
  const {
    changed: raw,
    noDataPixels,
    changedPixels: rawChanged,
  } = thresholdBits(score, width, height, chosen.value, mask);
  const valid = width * height - noDataPixels;
  const threshold: ThresholdResult = { ...chosen, changedFraction: valid ? rawChanged / valid : 0 };
  done('threshold');
  const pixelMetres = Math.sqrt(prepared.pixelSizeMetres.x * prepared.pixelSizeMetres.y);
  const radius = (metres: number) =>
    metres > 0 ? Math.max(1, Math.round(metres / pixelMetres)) : 0;
  const cleaned = openThenCloseBits(
    raw,
    radius(o.openingRadiusMetres),
    radius(o.closingRadiusMetres),
  );
  done('morphology');
  const pixelArea = prepared.pixelSizeMetres.x * prepared.pixelSizeMetres.y;
  const minimumPixels = Math.max(1, Math.ceil(o.minAreaSquareMetres / pixelArea));
  const { labels, components } = labelComponentsOfBits(cleaned, score, minimumPixels);
  // Kept regions into the mask, except where there is no data (a closing can reach into it).
  let changed = 0;
  forEachRun(cleaned, (row, start, end) => {
    const first = row * width + start;
    if (!labels[first]) return;
    for (let k = first; k < row * width + end; k++) {
      if (mask[k] === 255) continue;
      mask[k] = 1;
      changed++;
    }
  });
  done('components');
  const toLonLat = crsTransformer(prepared.crs, 'EPSG:4326').forward;
  const regions = vectoriseComponents(labels, width, components, prepared.geoTransform, toLonLat, {
    simplifyPixels: o.simplifyPixels,
    afterBands: prepared.afterBands,
    signal: hooks.signal,
  });
  done('vectorise');
  return {
    threshold,
    mask,
    changedFractionAfterCleanUp: valid ? changed / valid : 0,
    regions,
    timingsMilliseconds: timings,
  };
}

/**
 * Pixels scoring above `threshold` as bits, in one pass that also marks nodata (NaN) pixels 255 in
 * `mask` and counts both.
 */
function thresholdBits(
  score: Float32Array,
  width: number,
  height: number,
  threshold: number,
  mask: Uint8Array,
) {
  const changed = emptyBitMask(width, height);
  const { words, wordsPerRow } = changed;
  let noDataPixels = 0;
  let changedPixels = 0;
  for (let y = 0; y < height; y++) {
    for (let w = 0; w < wordsPerRow; w++) {
      const first = y * width + (w << 5);
      const bits = Math.min(32, width - (w << 5));
      let word = 0;
      for (let b = 0; b < bits; b++) {
        const v = score[first + b];
        if (v > threshold) {
          word |= 1 << b;
          changedPixels++;
        } else if (v !== v) {
          mask[first + b] = 255;
          noDataPixels++;
        }
      }
      words[y * wordsPerRow + w] = word;
    }
  }
  return { changed, noDataPixels, changedPixels };
}

export function detectChanges(
  before: GeoImage,
  after: GeoImage,
  options: DetectOptions = {},
  hooks: DetectHooks = {},
): { prepared: PreparedChanges; result: ChangeResult } {
  const prepared = prepareChanges(before, after, options, hooks);
  const result = extractChanges(prepared, options, hooks);
  return { prepared, result };
}
