// Which band of `after` corresponds to which band of `before`. Sensors order bands differently
// (RGB vs BGR-NIR products), so bands are paired by colour interpretation when both images
// declare one, and by position only when neither does.
import type { ColorInterpretation } from '../raster/types.ts';

export interface BandPair {
  readonly interpretation: ColorInterpretation;
  readonly beforeBand: number;
  readonly afterBand: number;
}

export interface BandMatch {
  /** Bands compared for change, in a stable order (R, G, B, NIR, Gray, then by position). */
  readonly pairs: readonly BandPair[];
  /** Index of a near-infrared band in `after` alone, usable to recognise vegetation. */
  readonly afterNirBand: number | null;
  readonly beforeNirBand: number | null;
}

const namedBands: readonly [RegExp, ColorInterpretation][] = [
  [/^(red|r)$/i, 'Red'],
  [/^(green|g)$/i, 'Green'],
  [/^(blue|b)$/i, 'Blue'],
  [/^(nir|near[- ]?infra-?red|nir1|b8)$/i, 'NIR'],
];

/**
 * A band's colour interpretation, or the one its description names when the file left it Gray or
 * Undefined: GDAL itself has no NIR colour interpretation before 3.10, so writers name NIR bands
 * in the band description, and many multispectral products do the same for R, G and B.
 */
export function effectiveInterpretation(
  interpretation: ColorInterpretation,
  description: string | null | undefined,
): ColorInterpretation {
  if (interpretation !== 'Gray' && interpretation !== 'Undefined') return interpretation;
  const name = description?.trim() ?? '';
  for (const [pattern, named] of namedBands) if (pattern.test(name)) return named;
  return interpretation;
}

const spectral: readonly ColorInterpretation[] = ['Red', 'Green', 'Blue', 'NIR', 'Gray'];

export function matchBands(
  before: readonly ColorInterpretation[],
  after: readonly ColorInterpretation[],
): BandMatch {
  const beforeNirBand = indexOrNull(before, 'NIR');
  const afterNirBand = indexOrNull(after, 'NIR');
  const pairs: BandPair[] = [];
  for (const interpretation of spectral) {
    const b = before.indexOf(interpretation);
    const a = after.indexOf(interpretation);
    if (b >= 0 && a >= 0) pairs.push({ interpretation, beforeBand: b, afterBand: a });
  }
  // A grey image against a colour one: compare the grey band with the colour image's green,
  // which carries most of the luminance (ITU-R BT.601 weights 0.587 on green).
  if (pairs.length === 0) {
    const grayBefore = before.indexOf('Gray');
    const grayAfter = after.indexOf('Gray');
    const greenBefore = before.indexOf('Green');
    const greenAfter = after.indexOf('Green');
    if (grayBefore >= 0 && greenAfter >= 0)
      pairs.push({ interpretation: 'Gray', beforeBand: grayBefore, afterBand: greenAfter });
    else if (grayAfter >= 0 && greenBefore >= 0)
      pairs.push({ interpretation: 'Gray', beforeBand: greenBefore, afterBand: grayAfter });
  }
  if (pairs.length === 0) {
    const isLabelled = (c: ColorInterpretation) => c !== 'Undefined' && c !== 'Alpha';
    const unlabelled = !before.some(isLabelled) || !after.some(isLabelled);
    const count = Math.min(before.length, after.length);
    if (unlabelled) {
      for (let i = 0; i < count; i++) {
        if (before[i] === 'Alpha' || after[i] === 'Alpha') continue;
        pairs.push({ interpretation: 'Undefined', beforeBand: i, afterBand: i });
      }
    }
  }
  if (pairs.length === 0) {
    throw new Error(
      `No band of the before image (${before.join(', ')}) matches one of the after image (${after.join(', ')}).`,
    );
  }
  return { pairs, afterNirBand, beforeNirBand };
}

function indexOrNull(list: readonly ColorInterpretation[], c: ColorInterpretation) {
  const i = list.indexOf(c);
  return i >= 0 ? i : null;
}
