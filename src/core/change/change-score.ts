// Stage 4: per-pixel change score. The default is the change-vector magnitude (CVA) over the
// matched, normalised bands, in units of the before image's invariant spread, so a user threshold
// means the same on uint8 and 12-bit imagery. Invalid pixels get NaN (the score raster's nodata).
import type { SampleArray } from '../raster/types.ts';
import type { AnalysisImage } from './analysis-image.ts';
import type { ExpectedChange } from './expected-change.ts';
import type { RadiometricNormalisation } from './radiometric-normalisation.ts';
import type { ScorePassKernel } from './score-pass-kernel.ts';

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

/**
 * Per-sample tables of an integer before band: `offsetMinusScaled[v]` is the band's normalised
 * offset minus v in before-scale units, `cellPart[v]` its level's share of the median index.
 */
interface BandTables {
  readonly offsetMinusScaled: Float64Array;
  readonly cellPart: Int32Array;
}

function integerSampleCount(band: SampleArray): number {
  return band instanceof Uint8Array ? 256 : band instanceof Uint16Array ? 65536 : 0;
}

/** `count` pixels of some bands: pixel j at `bands[k][offset + j]`; `valid` null: all are. */
export interface BandRun {
  readonly bands: readonly SampleArray[];
  readonly valid: Uint8Array | null;
  readonly offset: number;
}

/**
 * The change score of runs of pixels. The common case (three bands, integer before samples, no
 * shadow damping) runs one per-pixel loop over lookup tables; the rest goes band by band over
 * scratch rows. Hand-written: this is the hot loop of the pipeline.
 */
export class ChangeScorer {
  private readonly bandCount: number;
  private readonly gains: Float64Array;
  private readonly offsets: Float64Array;
  private readonly inverseScales: Float64Array;
  private readonly shadowWeight: number;
  private readonly levels: number;
  private readonly lower: Float64Array;
  private readonly inverseWidths: Float64Array;
  private readonly median: Float32Array;
  private tables: readonly BandTables[] | null = null;
  private tablesFor: readonly SampleArray[] | null = null;
  private cells = new Int32Array(0);
  private sumSquares = new Float64Array(0);
  private dots = new Float64Array(0);
  private normsBefore = new Float64Array(0);

  /**
   * `kernel`: the score pass's WebAssembly kernels, which the fast case runs on where they can
   * (the same bits, about 3× faster: `npm run bench:kernels`); null: JavaScript alone.
   */
  constructor(
    normalisation: RadiometricNormalisation,
    options: ChangeScoreOptions = {},
    private readonly kernel: ScorePassKernel | null = null,
  ) {
    const bands = normalisation.bands;
    this.bandCount = bands.length;
    this.gains = Float64Array.from(bands, (b) => b.gain / b.scale);
    this.offsets = Float64Array.from(bands, (b) => b.offset / b.scale);
    this.inverseScales = Float64Array.from(bands, (b) => 1 / b.scale);
    this.shadowWeight = options.shadowWeight ?? 1;
    const expected = options.expected ?? null;
    // Without an expectation every pixel falls in one cell whose median change is zero.
    this.levels = expected?.levelsPerBand ?? 1;
    this.lower = expected?.lower ?? new Float64Array(this.bandCount);
    this.inverseWidths = expected
      ? Float64Array.from(expected.cellWidth, (w) => 1 / w)
      : new Float64Array(this.bandCount);
    this.median = expected?.medianChange ?? new Float32Array(this.bandCount);
  }

  private levelOf(k: number, sample: number): number {
    const level = Math.floor(
      (sample * this.inverseScales[k] - this.lower[k]) * this.inverseWidths[k],
    );
    return level < 0 ? 0 : level >= this.levels ? this.levels - 1 : level;
  }

  /** Tables for the before bands when all are integer and three, the fast kernel's case. */
  private fastTables(beforeBands: readonly SampleArray[]): readonly BandTables[] | null {
    if (this.bandCount !== 3 || this.shadowWeight !== 1) return null;
    if (this.tablesFor === beforeBands || this.tablesFor?.every((b, k) => b === beforeBands[k]))
      return this.tables;
    const sizes = beforeBands.map(integerSampleCount);
    this.tablesFor = beforeBands;
    this.tables = sizes.every((size) => size > 0)
      ? sizes.map((size, k) => {
          const offsetMinusScaled = new Float64Array(size);
          const cellPart = new Int32Array(size);
          const stride = this.levels ** k * this.bandCount;
          for (let v = 0; v < size; v++) {
            offsetMinusScaled[v] = this.offsets[k] - v * this.inverseScales[k];
            cellPart[v] = this.levelOf(k, v) * stride;
          }
          return { offsetMinusScaled, cellPart };
        })
      : null;
    return this.tables;
  }

  /** Scores `count` pixels of `before` and `after` into `score[scoreOffset + j]` (NaN where either is invalid). */
  score(before: BandRun, after: BandRun, score: Float32Array, scoreOffset: number, count: number) {
    const tables = this.fastTables(before.bands);
    if (tables) this.scoreThreeBands(tables, before, after, score, scoreOffset, count);
    else this.scoreByBand(before, after, score, scoreOffset, count);
  }

  private scoreThreeBands(
    tables: readonly BandTables[],
    before: BandRun,
    after: BandRun,
    score: Float32Array,
    scoreOffset: number,
    count: number,
  ): void {
    if (
      this.kernel?.score(
        tables,
        this.median,
        this.gains,
        1 / 3,
        before,
        after,
        score,
        scoreOffset,
        count,
      )
    )
      return;
    const beforeValid = before.valid;
    const afterValid = after.valid;
    const [b0, b1, b2] = before.bands;
    const [a0, a1, a2] = after.bands;
    const [t0, t1, t2] = tables.map((t) => t.offsetMinusScaled);
    const [c0, c1, c2] = tables.map((t) => t.cellPart);
    const [g0, g1, g2] = this.gains;
    const median = this.median;
    const third = 1 / 3;
    if (!beforeValid && !afterValid) {
      // Every pixel valid (integer imagery without nodata, a row wholly inside after): the loop
      // below without its two tests, 20-30 % faster. Written out twice on purpose: with the body
      // in a shared closure both loops measured slower.
      for (let j = 0, i = before.offset, a = after.offset; j < count; j++, i++, a++) {
        const v0 = b0[i];
        const v1 = b1[i];
        const v2 = b2[i];
        const cell = c0[v0] + c1[v1] + c2[v2];
        const r0 = a0[a] * g0 + t0[v0] - median[cell];
        const r1 = a1[a] * g1 + t1[v1] - median[cell + 1];
        const r2 = a2[a] * g2 + t2[v2] - median[cell + 2];
        score[scoreOffset + j] = Math.sqrt((r0 * r0 + r1 * r1 + r2 * r2) * third);
      }
      return;
    }
    for (let j = 0, i = before.offset, a = after.offset; j < count; j++, i++, a++) {
      if ((beforeValid && !beforeValid[i]) || (afterValid && !afterValid[a])) {
        score[scoreOffset + j] = NaN;
        continue;
      }
      const v0 = b0[i];
      const v1 = b1[i];
      const v2 = b2[i];
      const cell = c0[v0] + c1[v1] + c2[v2];
      const r0 = a0[a] * g0 + t0[v0] - median[cell];
      const r1 = a1[a] * g1 + t1[v1] - median[cell + 1];
      const r2 = a2[a] * g2 + t2[v2] - median[cell + 2];
      score[scoreOffset + j] = Math.sqrt((r0 * r0 + r1 * r1 + r2 * r2) * third);
    }
  }

  private scoreByBand(
    before: BandRun,
    after: BandRun,
    score: Float32Array,
    scoreOffset: number,
    count: number,
  ): void {
    const { bands: beforeBands, valid: beforeValid, offset: beforeOffset } = before;
    const { bands: afterBands, valid: afterValid, offset: afterOffset } = after;
    if (this.cells.length < count) {
      this.cells = new Int32Array(count);
      this.sumSquares = new Float64Array(count);
      this.dots = new Float64Array(count);
      this.normsBefore = new Float64Array(count);
    }
    const { cells, sumSquares, dots, normsBefore, bandCount, median } = this;
    const shadows = this.shadowWeight !== 1;
    cells.fill(0, 0, count);
    sumSquares.fill(0, 0, count);
    dots.fill(0, 0, count);
    normsBefore.fill(0, 0, count);
    for (let k = bandCount - 1; k >= 0; k--) {
      const band = beforeBands[k];
      for (let j = 0, i = beforeOffset; j < count; j++, i++)
        cells[j] = cells[j] * this.levels + this.levelOf(k, band[i]);
    }
    for (let k = 0; k < bandCount; k++) {
      const before = beforeBands[k];
      const after = afterBands[k];
      const gain = this.gains[k];
      const offset = this.offsets[k];
      const inverseScale = this.inverseScales[k];
      for (let j = 0, i = beforeOffset, a = afterOffset; j < count; j++, i++, a++) {
        const b = before[i] * inverseScale;
        const residual = after[a] * gain + offset - b - median[cells[j] * bandCount + k];
        sumSquares[j] += residual * residual;
        dots[j] += residual * b;
        normsBefore[j] += b * b;
      }
    }
    const inverseBandCount = 1 / bandCount;
    const shadowWeightSquared = this.shadowWeight * this.shadowWeight;
    for (let j = 0; j < count; j++) {
      if (
        (beforeValid && !beforeValid[beforeOffset + j]) ||
        (afterValid && !afterValid[afterOffset + j])
      ) {
        score[scoreOffset + j] = NaN;
        continue;
      }
      let s = sumSquares[j];
      if (shadows && dots[j] < 0 && normsBefore[j] > 0) {
        // Split the difference into its part along the before colour (brightness) and the rest.
        const along = (dots[j] * dots[j]) / normsBefore[j];
        s = s - along + shadowWeightSquared * along;
      }
      score[scoreOffset + j] = Math.sqrt(s * inverseBandCount);
    }
  }
}

/** The change score of two images already on the analysis grid. */
export function changeScore(
  before: AnalysisImage,
  after: AnalysisImage,
  normalisation: RadiometricNormalisation,
  options: ChangeScoreOptions = {},
): Float32Array {
  const count = before.width * before.height;
  const score = new Float32Array(count);
  const scorer = new ChangeScorer(normalisation, options);
  const chunk = 4096;
  for (let start = 0; start < count; start += chunk) {
    const length = Math.min(chunk, count - start);
    scorer.score(
      { bands: before.bands, valid: before.valid, offset: start },
      { bands: after.bands, valid: after.valid, offset: start },
      score,
      start,
      length,
    );
  }
  return score;
}
