// Stage 4: per-pixel change score. The default is the change-vector magnitude (CVA) over the
// matched, normalised bands, in units of the before image's invariant spread, so a user threshold
// means the same on uint8 and 12-bit imagery. Invalid pixels get NaN (the score raster's nodata).
import type { AnalysisImage } from './analysis-image.ts';
import type { ExpectedChange } from './expected-change.ts';
import type { RadiometricNormalisation } from './radiometric-normalisation.ts';

export interface ChangeScoreOptions {
  /**
   * Weight of a pure darkening (after ≈ k · before, k < 1: a new shadow, a cloud shade) relative to
   * a change of colour. Shadows keep the chromaticity of the ground they fall on (Finlayson et al.
   * 2006 on shadow-invariant chromaticity), so a brightness-only darkening is damped; 1 = plain CVA.
   */
  readonly shadowWeight?: number;
  /** Typical change per before colour (see expected-change.ts), subtracted before the magnitude. */
  readonly expected?: ExpectedChange | null;
}

export function changeScore(
  before: AnalysisImage,
  after: AnalysisImage,
  normalisation: RadiometricNormalisation,
  options: ChangeScoreOptions = {},
): Float32Array {
  const shadowWeight = options.shadowWeight ?? 1;
  const count = before.width * before.height;
  const bandCount = before.bands.length;
  const score = new Float32Array(count);
  const gains = normalisation.bands.map((b) => b.gain / b.scale);
  const offsets = normalisation.bands.map((b) => b.offset / b.scale);
  const inverseScales = normalisation.bands.map((b) => 1 / b.scale);
  const bBands = before.bands;
  const aBands = after.bands;
  const inverseBandCount = 1 / bandCount;
  const expected = options.expected ?? null;
  const levels = expected?.levelsPerBand ?? 1;
  const lower = expected?.lower ?? new Float64Array(bandCount);
  const inverseWidth = expected ? Array.from(expected.cellWidth, (w) => 1 / w) : [];
  const median = expected?.medianChange ?? new Float32Array(bandCount);
  const b = new Float64Array(bandCount);
  const d = new Float64Array(bandCount);
  for (let i = 0; i < count; i++) {
    if (!before.valid[i] || !after.valid[i]) {
      score[i] = NaN;
      continue;
    }
    let cell = 0;
    for (let k = bandCount - 1; k >= 0; k--) {
      b[k] = bBands[k][i] * inverseScales[k];
      d[k] = aBands[k][i] * gains[k] + offsets[k] - b[k];
      if (expected) {
        let level = Math.floor((b[k] - lower[k]) * inverseWidth[k]);
        level = level < 0 ? 0 : level >= levels ? levels - 1 : level;
        cell = cell * levels + level;
      }
    }
    let sumSquares = 0;
    let dot = 0;
    let normBefore = 0;
    const base = cell * bandCount;
    for (let k = 0; k < bandCount; k++) {
      const residual = d[k] - median[base + k];
      sumSquares += residual * residual;
      dot += residual * b[k];
      normBefore += b[k] * b[k];
    }
    if (shadowWeight !== 1 && dot < 0 && normBefore > 0) {
      // Split the difference into its part along the before colour (brightness) and the rest.
      const along = (dot * dot) / normBefore;
      sumSquares = sumSquares - along + shadowWeight * shadowWeight * along;
    }
    score[i] = Math.sqrt(sumSquares * inverseBandCount);
  }
  return score;
}
