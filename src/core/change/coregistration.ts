// Stage 2: the translation between `before` and `after` on the analysis grid, from phase
// correlation of several textured chips combined robustly (median, then the mean of the chips that
// agree with it), so one chip over a new building or a moving shadow does not pull the estimate.
import type { PixelWindow } from './common-grid.ts';
import { phaseCorrelate } from './phase-correlation.ts';

/** Grey values of one image over a chip of the analysis grid; `valid` is 1 where it holds data. */
export interface GreyChip {
  readonly grey: Float32Array;
  readonly valid: Uint8Array;
}

/**
 * Reads chips of both images on the analysis grid. `after` (which has to be resampled) is read
 * only for the chips chosen by the texture of `before`.
 */
export interface ChipSource {
  readonly before: (window: PixelWindow) => GreyChip;
  readonly after: (window: PixelWindow) => GreyChip;
}

export interface ChipEstimate extends PixelWindow {
  readonly shiftXPixels: number;
  readonly shiftYPixels: number;
  readonly peak: number;
  readonly inlier: boolean;
}

export interface CoregistrationResult {
  /** Displacement of `after` relative to `before`: after(p + shift) shows what before(p) shows. */
  readonly shiftPixels: { readonly x: number; readonly y: number };
  readonly shiftMetres: { readonly x: number; readonly y: number };
  /** Share of chips agreeing with the median within `consensusPixels` (0 when none could be read). */
  readonly confidence: number;
  /** RMS distance of the agreeing chips from the combined shift: the estimate's spread. */
  readonly spreadPixels: number;
  readonly chips: readonly ChipEstimate[];
  readonly manual: boolean;
}

export interface CoregistrationOptions {
  readonly chipSizePixels?: number;
  readonly maxChips?: number;
  readonly consensusPixels?: number;
  readonly pixelSizeMetres?: { readonly x: number; readonly y: number };
}

/** Largest power of two chip that fits twice across the image (256 px at most, 32 at least). */
export function defaultChipSize(width: number, height: number): number {
  const limit = Math.min(width, height);
  let size = 256;
  while (size > 32 && size * 2 > limit) size >>= 1;
  return Math.min(size, 1 << Math.floor(Math.log2(limit)));
}

function positions(extent: number, chip: number): number[] {
  const count = Math.max(1, Math.min(6, Math.round((2 * extent) / chip) - 1));
  if (count === 1) return [Math.floor((extent - chip) / 2)];
  return Array.from({ length: count }, (_, i) => Math.round((i * (extent - chip)) / (count - 1)));
}

/** Sum of squared grey gradients: flat chips (water, bare fields) do not constrain a shift. */
function texture(chip: Float32Array, size: number): number {
  let energy = 0;
  for (let row = 0; row < size - 1; row++) {
    for (let column = 0; column < size - 1; column++) {
      const k = row * size + column;
      const dx = chip[k + 1] - chip[k];
      const dy = chip[k + size] - chip[k];
      energy += dx * dx + dy * dy;
    }
  }
  return energy;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function estimateShift(
  width: number,
  height: number,
  source: ChipSource,
  options: CoregistrationOptions = {},
): CoregistrationResult {
  const size = options.chipSizePixels ?? defaultChipSize(width, height);
  const maxChips = options.maxChips ?? 16;
  const consensus = options.consensusPixels ?? 0.5;
  const candidates: { window: PixelWindow; before: Float32Array; texture: number }[] = [];
  if (size <= Math.min(width, height)) {
    for (const row of positions(height, size)) {
      for (const column of positions(width, size)) {
        const window = { column, row, width: size, height: size };
        const before = source.before(window);
        if (before.valid.includes(0)) continue;
        candidates.push({ window, before: before.grey, texture: texture(before.grey, size) });
      }
    }
  }
  // The most textured chips where both images hold data everywhere.
  candidates.sort((a, b) => b.texture - a.texture);
  const chosen: { window: PixelWindow; before: Float32Array; after: Float32Array }[] = [];
  for (const candidate of candidates) {
    if (chosen.length === maxChips) break;
    const after = source.after(candidate.window);
    if (!after.valid.includes(0)) chosen.push({ ...candidate, after: after.grey });
  }
  const raw = chosen.map(({ window, before, after }) => ({
    window,
    shift: phaseCorrelate(before, after, size),
  }));
  if (raw.length === 0) return manualShift({ x: 0, y: 0 }, options, 0, false);
  const mx = median(raw.map((c) => c.shift.x));
  const my = median(raw.map((c) => c.shift.y));
  const chips = raw.map(({ window, shift }) => ({
    ...window,
    shiftXPixels: shift.x,
    shiftYPixels: shift.y,
    peak: shift.peak,
    inlier: Math.hypot(shift.x - mx, shift.y - my) <= consensus,
  }));
  const inliers = chips.filter((c) => c.inlier);
  // Without a majority agreeing the chips measured noise (a scene rebuilt from end to end, a
  // different place): no shift is applied rather than a random one, and confidence says so.
  if (inliers.length * 2 <= chips.length && chips.length > 1) {
    return { ...manualShift({ x: 0, y: 0 }, options, 0, false), chips };
  }
  // Weighted by peak height: a sharp correlation is a more reliable chip.
  let sumWeight = 0;
  let x = 0;
  let y = 0;
  for (const c of inliers) {
    sumWeight += c.peak;
    x += c.shiftXPixels * c.peak;
    y += c.shiftYPixels * c.peak;
  }
  x /= sumWeight;
  y /= sumWeight;
  let spread = 0;
  for (const c of inliers) spread += (c.shiftXPixels - x) ** 2 + (c.shiftYPixels - y) ** 2;
  spread = Math.sqrt(spread / inliers.length);
  // Fewer than three chips cannot outvote a bad one: confidence is capped accordingly.
  const agreement = inliers.length / chips.length;
  const confidence = chips.length >= 3 ? agreement : Math.min(agreement, 0.5);
  return { ...manualShift({ x, y }, options, confidence, false), spreadPixels: spread, chips };
}

/** A shift set by hand (the user's nudge), reported in the same shape as an estimate. */
export function manualShift(
  shiftPixels: { readonly x: number; readonly y: number },
  options: Pick<CoregistrationOptions, 'pixelSizeMetres'> = {},
  confidence = 1,
  manual = true,
): CoregistrationResult {
  const size = options.pixelSizeMetres ?? { x: NaN, y: NaN };
  return {
    shiftPixels: { x: shiftPixels.x, y: shiftPixels.y },
    shiftMetres: { x: shiftPixels.x * size.x, y: shiftPixels.y * size.y },
    confidence,
    spreadPixels: 0,
    chips: [],
    manual,
  };
}
