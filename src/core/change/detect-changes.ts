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
import { geodesicSeparation } from '../measure/geodesic.ts';
import type { GeoTiffInfo } from '../raster/open-geotiff.ts';
import type { ColorInterpretation, Raster, SampleArray } from '../raster/types.ts';
import { vectoriseComponents, type ChangeRegionProperties } from '../vectorize/change-polygons.ts';
import { sampleBothValid, sourceValidityOrNull, type SourceImage } from './analysis-image.ts';
import { effectiveInterpretation, matchBands } from './band-matching.ts';
import { StructureCells, type StructureGain } from './building-index.ts';
import { defaultDetectOptions } from './detect-defaults.ts';
import { ChangeScorer } from './change-score.ts';
import { ScorePassKernel } from './score-pass-kernel.ts';
import {
  BilinearResampler,
  meshMapping,
  ResampledOnGrid,
  type GridBands,
  type PixelMapping,
} from './common-grid.ts';
import { emptyBitMask, forEachRun, setBitCount, type BitMask } from './bit-mask.ts';
import {
  labelComponentsOfBits,
  type ChangeComponent,
  type LabelledComponents,
} from './connected-components.ts';
import {
  estimateShift,
  manualShift,
  type ChipSource,
  type CoregistrationResult,
} from './coregistration.ts';
import { estimateExpectedChange } from './expected-change.ts';
import { smoothScore } from './score-smoothing.ts';
import {
  clearVegetation,
  darkObjectLevels,
  VegetationMaskBuilder,
  type VegetationMask,
} from './vegetation.ts';
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
  type ScoreHistogram,
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
  /**
   * Longest roof side the structure gain looks for, metres (0 = no structure gain); see
   * building-index.ts.
   */
  readonly structureLengthMetres?: number;
  /** Shortest side, metres: smaller bright specks (texture, vehicles) gain no structure. */
  readonly structureShortestMetres?: number;
  /**
   * NDVI above which an after pixel counts as vegetation (see vegetation.ts); Infinity = no
   * vegetation mask. Used only when after has red and near-infrared bands.
   */
  readonly vegetationNdvi?: number;
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
  /**
   * A pixel whose structure gain (building index after minus before, in the score's units) exceeds
   * this is changed as well, whatever its colour did; Infinity = colour change alone.
   */
  readonly structureThreshold?: number;
  /**
   * A region is kept only if at least `coreAreaSquareMetres` of it score `coreFactor` times its
   * threshold (colour or structure): hysteresis, as in Canny's edge linking, so a faint wash of
   * seasonal change that only just crosses the threshold is not a region while a strong change
   * keeps all of its faint fringe. coreFactor 1 disables it.
   */
  readonly coreFactor?: number;
  readonly coreAreaSquareMetres?: number;
  /**
   * A region is an existing building relit (another sun lights another roof face, its shadow
   * moved) and is dropped when more than `relitExistingShare` of it was building-like before and
   * less than `relitColourShare` of it scores `coreFactor` times the colour threshold: its evidence
   * is structure gain alone, on a structure that was there. relitExistingShare ≥ 1 disables it.
   */
  readonly relitExistingShare?: number;
  readonly relitColourShare?: number;
  /** Leave pixels vegetated on the after date out of the mask (when the pair has a mask). */
  readonly excludeVegetation?: boolean;
}

export type DetectOptions = PrepareOptions & ExtractOptions;

export type Stage =
  | 'grid'
  | 'coregistration'
  | 'normalisation'
  | 'score'
  | 'structure'
  | 'threshold'
  | 'morphology'
  | 'components'
  | 'vectorise';

export interface DetectHooks {
  /**
   * Each stage reports 0 as it starts and 1 when it is done; the score pass, the longest, also
   * the share of its rows done in between.
   */
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
  /** Building index gain on a coarser grid; null when disabled. */
  readonly structure: StructureGain | null;
  /** Where after is vegetated; null when after has no red and NIR bands or the mask is off. */
  readonly vegetation: VegetationMask | null;
  /**
   * After's matched bands on the analysis grid, for the footprint candidates: resampled when read
   * (as after's sample type would hold them, rounded, for integer imagery), so the result keeps
   * after's own bands alive but not before's, and no whole-grid copy is made.
   */
  readonly afterBands: GridBands;
  readonly coregistration: CoregistrationResult;
  readonly normalisation: RadiometricNormalisation;
  readonly overlapFraction: number;
  readonly timingsMilliseconds: StageTimings;
}

export interface ChangeResult {
  readonly threshold: ThresholdResult;
  /**
   * The structure threshold used and the share of valid pixels above it (before clean-up); null
   * when the structure gain is off.
   */
  readonly structure: { readonly threshold: number; readonly fraction: number } | null;
  /**
   * The vegetation mask used: its NDVI threshold, the share of valid pixels it covers and the share
   * of valid pixels it took out of the change (before clean-up); null when there is none.
   */
  readonly vegetation: {
    readonly ndviThreshold: number;
    readonly fraction: number;
    readonly excludedFraction: number;
  } | null;
  /**
   * Regions dropped as existing buildings relit (see `relitExistingShare`), which the hysteresis
   * would have kept, and their area; null when the rule is off (the structure gain off, or
   * `relitExistingShare` ≥ 1).
   */
  readonly relitRegions: { readonly count: number; readonly areaSquareMetres: number } | null;
  /** 1 changed, 0 unchanged, 255 nodata, on the analysis grid (after clean-up). */
  readonly mask: Uint8Array;
  readonly changedFractionAfterCleanUp: number;
  readonly regions: FeatureCollection<Polygon, ChangeRegionProperties>;
  readonly timingsMilliseconds: StageTimings;
}

export { defaultDetectOptions };

const histograms = new WeakMap<PreparedChanges, ScoreHistogram>();

/**
 * The score's histogram for the automatic thresholds, computed once per prepared result: a
 * re-run with another threshold or minimum area skips its two passes over the score (about 0.1 s
 * at 4096²). No code changes a histogram once made, so the cached one is handed out as it is.
 */
export function histogramOf(prepared: PreparedChanges): ScoreHistogram {
  let histogram = histograms.get(prepared);
  if (!histogram) {
    histogram = scoreHistogram(prepared.score, 1024, prepared.scoreRange);
    histograms.set(prepared, histogram);
  }
  return histogram;
}

export class NoOverlapError extends Error {}

const compass = [
  'north',
  'north-east',
  'east',
  'south-east',
  'south',
  'south-west',
  'west',
  'north-west',
];

/** How far and which way after's centre lies from before's: what tells a wrong CRS or file apart. */
function separationOf(before: GeoImage, after: GeoImage): string {
  const centre = (image: GeoImage) => {
    const p = pixelToProjected(image.geoTransform, pixelPoint(image.width / 2, image.height / 2));
    const q = crsTransformer(image.crs, 'EPSG:4326').forward([p[0], p[1]]);
    return [q[0], q[1]];
  };
  let separation: { metres: number; bearingDegrees: number };
  try {
    separation = geodesicSeparation(centre(before), centre(after));
  } catch {
    // A CRS that cannot reach lon/lat: the plain message is still true.
    return '';
  }
  const { metres, bearingDegrees } = separation;
  if (!Number.isFinite(metres) || !Number.isFinite(bearingDegrees)) return '';
  const distance =
    metres >= 10_000
      ? `${Math.round(metres / 1000).toLocaleString('en-US')} km`
      : metres >= 1000
        ? `${(metres / 1000).toFixed(1)} km`
        : `${Math.round(metres)} m`;
  const direction = compass[Math.round(bearingDegrees / 45) % 8];
  return `: the after image's centre lies ${distance} ${direction} of the before image's. Check that both show the same site and that each has the right CRS`;
}

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

/**
 * Times the stages `order` of one function, which run in that order: `done(stage)` records the
 * stage's time, reports it done and the next one started.
 */
function timer(timings: StageTimings, hooks: DetectHooks, order: readonly Stage[]) {
  let last = performance.now();
  hooks.onProgress?.(order[0], 0);
  return (stage: Stage) => {
    const now = performance.now();
    timings[stage] = now - last;
    last = now;
    hooks.onProgress?.(stage, 1);
    hooks.signal?.throwIfAborted();
    const next = order[order.indexOf(stage) + 1];
    if (next) hooks.onProgress?.(next, 0);
  };
}

export function prepareChanges(
  before: GeoImage,
  after: GeoImage,
  options: PrepareOptions = {},
  hooks: DetectHooks = {},
): PreparedChanges {
  return finishPreparing(scoreChanges(before, after, options, hooks), hooks);
}

/**
 * `prepareChanges` up to the end of the score pass: everything the later stages need, without
 * the images, so a caller that holds them alone (the CLI) can let them go before the structure
 * stage. `finishPreparing` completes it.
 */
export interface ScoredChanges {
  readonly prepared: Omit<PreparedChanges, 'structure'>;
  readonly structureCells: StructureCells | null;
  readonly structureLengthMetres: number;
  readonly structureShortestMetres: number;
}

export function finishPreparing(scored: ScoredChanges, hooks: DetectHooks = {}): PreparedChanges {
  const timings = { ...scored.prepared.timingsMilliseconds };
  const done = timer(timings, hooks, ['structure']);
  const structure =
    scored.structureCells?.gain(scored.structureLengthMetres, scored.structureShortestMetres) ??
    null;
  done('structure');
  return { ...scored.prepared, structure, timingsMilliseconds: timings };
}

export function scoreChanges(
  before: GeoImage,
  after: GeoImage,
  options: PrepareOptions = {},
  hooks: DetectHooks = {},
): ScoredChanges {
  const timings: StageTimings = {};
  const done = timer(timings, hooks, ['grid', 'coregistration', 'normalisation', 'score']);
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
  if (inside === 0)
    throw new NoOverlapError(
      `The before and after images do not overlap${separationOf(before, after)}.`,
    );
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
  // The score pass's WebAssembly kernels with memory enough for their tables (three bands of
  // 16-bit samples at most; 64 KB of medians holds 17 levels per band), the after rows and a row's
  // scratch, so it never grows under the rows.
  const kernel = ScorePassKernel.create(3 * 65536 * 12 + 65536 + 64 * width);
  const afterOnGrid = new BilinearResampler(after, afterBands, aligned, afterValid, kernel);
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
  // After's red, green, NIR (and blue) for the vegetation mask: the matched bands' rows are the
  // score pass's own; the others (NIR at least: an RGB before against an RGBN after) get a reader.
  const vegetationNdvi = options.vegetationNdvi ?? defaultDetectOptions.vegetationNdvi;
  const afterBand = (c: ColorInterpretation) => after.colorInterpretations.indexOf(c);
  const vegetationWanted = [afterBand('Red'), afterBand('Green'), match.afterNirBand ?? -1];
  if (afterBand('Blue') >= 0) vegetationWanted.push(afterBand('Blue'));
  const vegetationOn = Number.isFinite(vegetationNdvi) && vegetationWanted.every((b) => b >= 0);
  // The after rows in the kernel's memory, where its two passes use them in place.
  const pinned = kernel?.pinRows(afterBands.length, width) ?? null;
  const afterRow = pinned?.bands ?? afterBands.map(() => new Float32Array(width));
  const vegetationExtra = vegetationWanted.filter((b) => !afterBands.includes(b));
  const vegetationReader =
    vegetationOn && vegetationExtra.length
      ? new BilinearResampler(after, vegetationExtra, aligned, afterValid)
      : null;
  const vegetationExtraRow = vegetationExtra.map(() => new Float32Array(width));
  const vegetationRowValid = new Uint8Array(width);
  const rowOf = (b: number) =>
    afterBands.includes(b)
      ? afterRow[afterBands.indexOf(b)]
      : vegetationExtraRow[vegetationExtra.indexOf(b)];
  const vegetationRowBands = {
    red: rowOf(vegetationWanted[0]),
    green: rowOf(vegetationWanted[1]),
    nearInfrared: rowOf(vegetationWanted[2]),
    blue: vegetationWanted.length > 3 ? rowOf(vegetationWanted[3]) : null,
  };
  let vegetationMask: VegetationMaskBuilder | null = null;
  if (vegetationOn) {
    const reader = new BilinearResampler(after, vegetationWanted, aligned, afterValid);
    const dark = darkObjectLevels(reader, vegetationWanted.length, width, height);
    vegetationMask = new VegetationMaskBuilder(width, height, vegetationNdvi, {
      red: dark[0],
      green: dark[1],
      nearInfrared: dark[2],
      blue: dark[3] ?? null,
    });
  }
  done('normalisation');
  // Resampling and scoring in one pass, a row at a time: the resampled after bands exist only for
  // the current row, never as whole-image float arrays.
  const scorer = new ChangeScorer(
    normalisation,
    { shadowWeight: options.shadowWeight ?? defaultDetectOptions.shadowWeight, expected },
    kernel,
  );
  const pixelScore = new Float32Array(width * height);
  const afterRowValid = pinned?.valid ?? new Uint8Array(width);
  const structureLength =
    options.structureLengthMetres ?? defaultDetectOptions.structureLengthMetres;
  // The structure gain's brightness cells take each row while it is in cache (smoothing the score
  // below keeps its NaNs where they are, so the raw score tells which pixels have data).
  const structureCells =
    structureLength > 0
      ? new StructureCells(
          Math.sqrt(pixelSize.x * pixelSize.y),
          width,
          height,
          normalisation.bands,
          pixelScore,
        )
      : null;
  let afterValidCount = 0;
  let minimumScore = Infinity;
  let maximumScore = -Infinity;
  // How far the pass is, every 256 rows: it is the longest stage (seconds on a large pair).
  const progressEvery = 256;
  for (let row = 0; row < height; row++) {
    if (row % progressEvery === 0 && row > 0) hooks.onProgress?.('score', row / height);
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
    if (vegetationMask) {
      // The extra bands share after's validity: the same pixels, the same mapping.
      vegetationReader?.span(
        { row, firstColumn: 0, columnStep: 1, count: width },
        { bands: vegetationExtraRow, valid: vegetationRowValid, offset: 0 },
      );
      vegetationMask.addRow(row, vegetationRowBands, validInRow === width ? null : afterRowValid);
    }
    structureCells?.addRows(
      row,
      row + 1,
      { bands: beforeBands, shift: 0 },
      { bands: afterRow, shift: start },
      validInRow === width && !beforeValid,
    );
    // The range while the row is still in cache, for the threshold's histogram.
    const range = scoreRange(pixelScore, start, start + width);
    if (range.minimum < minimumScore) minimumScore = range.minimum;
    if (range.maximum > maximumScore) maximumScore = range.maximum;
  }
  const overlapFraction = afterValidCount / (width * height);
  if (overlapFraction === 0)
    throw new NoOverlapError(
      'The before and after images overlap only where one of them has no data (nodata or outside its footprint).',
    );
  const smoothingMetres =
    options.smoothingRadiusMetres ?? defaultDetectOptions.smoothingRadiusMetres;
  const pixelMetres = Math.sqrt(pixelSize.x * pixelSize.y);
  const smoothingPixels = Math.round(smoothingMetres / pixelMetres);
  const score = smoothScore(pixelScore, width, height, smoothingPixels);
  done('score');
  return {
    prepared: {
      width,
      height,
      geoTransform: before.geoTransform,
      crs: before.crs,
      pixelSizeMetres: pixelSize,
      score,
      scoreRange:
        smoothingPixels > 0 ? scoreRange(score) : { minimum: minimumScore, maximum: maximumScore },
      vegetation: vegetationMask?.finish() ?? null,
      afterBands: new ResampledOnGrid(after, afterBands, aligned, afterValid),
      coregistration,
      normalisation,
      overlapFraction,
      timingsMilliseconds: timings,
    },
    structureCells,
    structureLengthMetres: structureLength,
    structureShortestMetres:
      options.structureShortestMetres ?? defaultDetectOptions.structureShortestMetres,
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
  const done = timer(timings, hooks, ['threshold', 'morphology', 'components', 'vectorise']);
  const { width, height, score } = prepared;
  const method = o.threshold === 'auto' ? 'ki' : o.threshold;
  const chosen = chooseThresholdValue(score, method, {
    noiseFloorMads: options.noiseFloorMads,
    histogram: method === 'otsu' || method === 'ki' ? histogramOf(prepared) : undefined,
  });
  const mask = new Uint8Array(width * height);
  const { changed: raw, noDataPixels } = thresholdBits(score, width, height, chosen.value, mask);
  const structureThreshold = o.structureThreshold;
  const structurePixels =
    prepared.structure && Number.isFinite(structureThreshold)
      ? addStructureBits(raw, prepared.structure, structureThreshold, mask)
      : null;
  // Vegetated pixels leave after the threshold, which is chosen on the whole score: a masked score's
  // zeros would distort the Kittler–Illingworth fit (docs/benchmarks.md).
  const vegetation = o.excludeVegetation ? prepared.vegetation : null;
  const excluded = vegetation ? clearVegetation(raw, vegetation.bits) : 0;
  const rawChanged = countBits(raw);
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
  const labelled = labelComponentsOfBits(cleaned, score, minimumPixels);
  const coreFactor = Math.max(1, o.coreFactor);
  const evidence = regionEvidence(labelled, prepared, {
    score: coreFactor * chosen.value,
    structure: coreFactor * structureThreshold,
    structureThreshold,
  });
  const relit = (e: RegionEvidence, pixels: number) =>
    structurePixels !== null &&
    e.existingPixels > o.relitExistingShare * pixels &&
    e.colourCorePixels < o.relitColourShare * pixels;
  const corePixels = Math.ceil(o.coreAreaSquareMetres / pixelArea);
  const relitDropped = { count: 0, areaSquareMetres: 0 };
  const { labels, components } =
    coreFactor > 1 || o.relitExistingShare < 1
      ? keepRegions(labelled, width, (c) => {
          const e = evidence.get(c.label);
          if (!e) return coreFactor <= 1;
          const strong = coreFactor <= 1 || e.corePixels >= corePixels;
          if (strong && relit(e, c.pixelCount)) {
            relitDropped.count++;
            relitDropped.areaSquareMetres += c.pixelCount * pixelArea;
            return false;
          }
          return strong;
        })
      : labelled;
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
    ...(structurePixels === null
      ? {}
      : {
          structureShares: new Map(
            components.map((c) => [
              c.label,
              (evidence.get(c.label)?.structurePixels ?? 0) / c.pixelCount,
            ]),
          ),
        }),
    signal: hooks.signal,
  });
  done('vectorise');
  return {
    threshold,
    structure:
      structurePixels === null
        ? null
        : { threshold: structureThreshold, fraction: valid ? structurePixels / valid : 0 },
    relitRegions: structurePixels === null || o.relitExistingShare >= 1 ? null : relitDropped,
    vegetation: vegetation
      ? {
          ndviThreshold: vegetation.ndviThreshold,
          fraction: vegetation.fraction,
          excludedFraction: valid ? excluded / valid : 0,
        }
      : null,
    mask,
    changedFractionAfterCleanUp: valid ? changed / valid : 0,
    regions,
    timingsMilliseconds: timings,
  };
}

/**
 * Sets the bit of every pixel with data (`mask` not 255) whose structure gain exceeds `threshold`;
 * returns how many pixels that is.
 */
function addStructureBits(
  bits: BitMask,
  structure: StructureGain,
  threshold: number,
  mask: Uint8Array,
): number {
  const { words, wordsPerRow, width, height } = bits;
  const { factor, values } = structure;
  let count = 0;
  // Cell by cell: few cells pass, so most of the grid is one comparison per cell, not per pixel.
  for (let cy = 0, cell = 0; cy < structure.height; cy++) {
    const y1 = Math.min(height, (cy + 1) * factor);
    for (let cx = 0; cx < structure.width; cx++, cell++) {
      if (!(values[cell] > threshold)) continue;
      const x1 = Math.min(width, (cx + 1) * factor);
      for (let y = cy * factor; y < y1; y++)
        for (let x = cx * factor; x < x1; x++) {
          if (mask[y * width + x] === 255) continue;
          words[y * wordsPerRow + (x >> 5)] |= 1 << (x & 31);
          count++;
        }
    }
  }
  return count;
}

function countBits(bits: BitMask): number {
  let count = 0;
  for (const w of bits.words) count += setBitCount(w);
  return count;
}

interface RegionEvidence {
  /** Pixels scoring above `core.score` or gaining structure above `core.structure`. */
  readonly corePixels: number;
  /** Pixels scoring above `core.score` (colour alone). */
  readonly colourCorePixels: number;
  /** Pixels gaining structure above `core.structureThreshold`. */
  readonly structurePixels: number;
  /** Pixels in cells that held a structure on the before date. */
  readonly existingPixels: number;
}

/**
 * Per component, its strong core for the hysteresis, what it owes to its shape, and how much of it
 * stood on an existing structure: one pass over each region.
 */
function regionEvidence(
  { labels, components }: LabelledComponents,
  prepared: PreparedChanges,
  core: { score: number; structure: number; structureThreshold: number },
): Map<number, RegionEvidence> {
  const { width, score, structure } = prepared;
  const evidence = new Map<number, RegionEvidence>();
  for (const c of components) {
    let corePixels = 0;
    let colourCorePixels = 0;
    let structurePixels = 0;
    let existingPixels = 0;
    for (let y = c.minRow; y < c.maxRow; y++) {
      const cellY = structure ? Math.floor(y / structure.factor) : 0;
      const cellRow = structure ? cellY * structure.width : 0;
      const existingRow = structure ? cellY * structure.existing.wordsPerRow : 0;
      for (let x = c.minColumn; x < c.maxColumn; x++) {
        const k = y * width + x;
        if (labels[k] !== c.label) continue;
        let gain = -Infinity;
        if (structure) {
          const cellX = Math.floor(x / structure.factor);
          gain = structure.values[cellRow + cellX];
          existingPixels +=
            (structure.existing.words[existingRow + (cellX >>> 5)] >>> (cellX & 31)) & 1;
        }
        const colourCore = score[k] > core.score;
        if (colourCore) colourCorePixels++;
        if (colourCore || gain > core.structure) corePixels++;
        if (gain > core.structureThreshold) structurePixels++;
      }
    }
    evidence.set(c.label, { corePixels, colourCorePixels, structurePixels, existingPixels });
  }
  return evidence;
}

/** The components `keep` accepts; the others are unlabelled. */
function keepRegions(
  { labels, components }: LabelledComponents,
  width: number,
  keep: (component: ChangeComponent) => boolean,
): LabelledComponents {
  const kept = components.filter(keep);
  if (kept.length === components.length) return { labels, components };
  const keptLabels = new Set(kept.map((c) => c.label));
  for (const c of components) {
    if (keptLabels.has(c.label)) continue;
    for (let y = c.minRow; y < c.maxRow; y++)
      for (let k = y * width + c.minColumn; k < y * width + c.maxColumn; k++)
        if (labels[k] === c.label) labels[k] = 0;
  }
  return { labels, components: kept };
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
