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
import { sourceValidity, validFraction, type SourceImage } from './analysis-image.ts';
import { effectiveInterpretation, matchBands } from './band-matching.ts';
import { changeScore } from './change-score.ts';
import {
  analysisImageOf,
  meshMapping,
  resampleBilinear,
  type PixelMapping,
} from './common-grid.ts';
import { labelComponents } from './connected-components.ts';
import { estimateShift, manualShift, type CoregistrationResult } from './coregistration.ts';
import { estimateExpectedChange } from './expected-change.ts';
import { smoothScore } from './score-smoothing.ts';
import { openThenClose } from './morphology.ts';
import { normaliseRadiometry, type RadiometricNormalisation } from './radiometric-normalisation.ts';
import { chooseThreshold, type ThresholdResult } from './threshold.ts';

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
  /** After's matched bands resampled onto the analysis grid, for the footprint candidates. */
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

function grey(bands: readonly SampleArray[]): Float32Array {
  const out = new Float32Array(bands[0].length);
  for (const band of bands) for (let i = 0; i < out.length; i++) out[i] += band[i];
  return out;
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
  const beforeBands = match.pairs.map((p) => p.beforeBand);
  const afterBands = match.pairs.map((p) => p.afterBand);
  const toLonLat = crsTransformer(before.crs, 'EPSG:4326').forward;
  const pixelSize = pixelSizeMetres(before.geoTransform, width, height, (xy) => toLonLat(xy));
  const toAfter = mappingToAfter(before, after);
  const beforeValid = sourceValidity(before);
  const afterValid = sourceValidity(after);
  const beforeImage = analysisImageOf(before, beforeBands, beforeValid);
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
    coregistration = estimateShift(
      width,
      height,
      (window) => {
        const a = resampleBilinear(after, afterBands, unshifted, window, afterValid);
        const b = new Float32Array(window.width * window.height);
        const valid = new Uint8Array(b.length);
        for (let r = 0; r < window.height; r++) {
          for (let c = 0; c < window.width; c++) {
            const k = (window.row + r) * width + window.column + c;
            const o = r * window.width + c;
            for (const band of beforeImage.bands) b[o] += band[k];
            valid[o] = beforeValid[k] & a.valid[o];
          }
        }
        return { before: b, after: grey(a.bands), valid };
      },
      { pixelSizeMetres: pixelSize },
    );
  } else {
    coregistration = manualShift({ x: 0, y: 0 }, { pixelSizeMetres: pixelSize }, 0, false);
  }
  done('coregistration');

  const aligned = meshMapping(width, height, toAfter, 16, coregistration.shiftPixels);
  const afterImage = resampleBilinear(after, afterBands, aligned, undefined, afterValid);
  const overlapFraction = validFraction(afterImage.valid);
  if (overlapFraction === 0)
    throw new NoOverlapError('The before and after images do not overlap.');
  const normalisation = normaliseRadiometry(beforeImage, afterImage);
  done('normalisation');
  const expected =
    (options.classConditional ?? defaultDetectOptions.classConditional)
      ? estimateExpectedChange(beforeImage, afterImage, normalisation)
      : null;
  const pixelScore = changeScore(beforeImage, afterImage, normalisation, {
    shadowWeight: options.shadowWeight ?? defaultDetectOptions.shadowWeight,
    expected,
  });
  const smoothingMetres =
    options.smoothingRadiusMetres ?? defaultDetectOptions.smoothingRadiusMetres;
  const pixelMetres = Math.sqrt(pixelSize.x * pixelSize.y);
  const score = smoothScore(pixelScore, width, height, Math.round(smoothingMetres / pixelMetres));
  done('score');
  return {
    width,
    height,
    geoTransform: before.geoTransform,
    crs: before.crs,
    pixelSizeMetres: pixelSize,
    score,
    afterBands: afterImage.bands,
    coregistration,
    normalisation,
    overlapFraction,
    timingsMilliseconds: timings,
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
  const threshold = chooseThreshold(score, method, { noiseFloorMads: options.noiseFloorMads });
  const raw = new Uint8Array(width * height);
  for (let i = 0; i < raw.length; i++) raw[i] = score[i] > threshold.value ? 1 : 0;
  done('threshold');
  const pixelMetres = Math.sqrt(prepared.pixelSizeMetres.x * prepared.pixelSizeMetres.y);
  const radius = (metres: number) =>
    metres > 0 ? Math.max(1, Math.round(metres / pixelMetres)) : 0;
  const cleaned = openThenClose(
    raw,
    width,
    height,
    radius(o.openingRadiusMetres),
    radius(o.closingRadiusMetres),
  );
  done('morphology');
  const pixelArea = prepared.pixelSizeMetres.x * prepared.pixelSizeMetres.y;
  const minimumPixels = Math.max(1, Math.ceil(o.minAreaSquareMetres / pixelArea));
  const { labels, components } = labelComponents(cleaned, width, height, score, minimumPixels);
  const mask = new Uint8Array(width * height);
  let valid = 0;
  let changed = 0;
  for (let i = 0; i < mask.length; i++) {
    if (score[i] !== score[i]) {
      mask[i] = 255;
      continue;
    }
    valid++;
    if (labels[i]) {
      mask[i] = 1;
      changed++;
    }
  }
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
