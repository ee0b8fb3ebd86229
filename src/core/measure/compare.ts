// Comparing two footprints: the area ratio, its range, and the one sentence that reports them.
// The wording is the point: "60–70% the size of" was printed as "60–70% larger" and as "60–70%
// smaller". A ratio below 1 is said as a percentage "the size of" and "smaller"; above 1 as
// "times the size of" and "larger"; within 2.5% of 1 as "about the same size".

export interface ComparedFootprint {
  readonly label: string;
  readonly areaSquareMetres: number;
  readonly areaRange?: {
    readonly minimumSquareMetres: number;
    readonly maximumSquareMetres: number;
  } | null;
}

export type ComparisonDirection = 'smaller' | 'larger' | 'same';

export interface FootprintComparison {
  /** Area of A over area of B. */
  readonly ratio: number;
  /** Smallest and largest ratio the area ranges allow (A shrunk over B grown, and the reverse). */
  readonly ratioRange: { readonly minimum: number; readonly maximum: number } | null;
  readonly direction: ComparisonDirection;
  /** Whether the range includes equal sizes, so the imagery cannot tell which is larger. */
  readonly rangeIncludesEqual: boolean;
  readonly sentence: string;
}

/** Below this distance from 1 the sentence says "about the same size" (rounds to 98–102%). */
const sameSizeTolerance = 0.025;
/** From this ratio on, A is said to be "N times the size" of B rather than "N% the size". */
const timesFromRatio = 1.1;

/** "new assembly building" → "the new assembly building's"; "housing blocks" → "…blocks'". */
export function possessive(label: string): string {
  const name = label.trim().replace(/^the\s+/i, '') || 'unlabelled footprint';
  return `the ${name}${/s$/i.test(name) ? "'" : "'s"}`;
}

function percent(ratio: number): string {
  if (ratio > 0 && ratio < 0.005) return 'under 1';
  return String(Math.round(ratio * 100));
}

/** One decimal below 10 ("1.6 times"), whole numbers above ("12 times"). */
const times = (ratio: number) => (ratio < 9.95 ? ratio.toFixed(1) : ratio.toFixed(0));

function ratioText(ratio: number, range: FootprintComparison['ratioRange']): string {
  const useTimes = ratio >= timesFromRatio;
  const value = useTimes ? times(ratio) : percent(ratio);
  const unit = useTimes ? '' : '%';
  if (!range) return useTimes ? `${value} times` : `${value}%`;
  const low = useTimes ? times(range.minimum) : percent(range.minimum);
  const rangeText = Number.isFinite(range.maximum)
    ? `${low}–${useTimes ? times(range.maximum) : percent(range.maximum)}${unit}`
    : `at least ${low}${unit}`;
  return useTimes ? `${value} times (${rangeText})` : `${value}% (${rangeText})`;
}

/**
 * The "— about N% smaller/larger" clause, from the ratio itself rather than the rounded figure
 * before it (1.538 is "1.5 times … about 54% larger", not 50%). Smaller is the complement of the
 * percentage shown, which rounds the same ratio to whole percent, so the two always add to 100.
 */
function differenceText(ratio: number, direction: ComparisonDirection): string {
  if (direction === 'same') return 'about the same size';
  if (direction === 'smaller') {
    // Under 1% of the size: "about 100% smaller" would read as if the building were gone.
    if (ratio < 0.005) return 'more than 99% smaller';
    return `about ${100 - Math.round(ratio * 100)}% smaller`;
  }
  return `about ${Math.round((ratio - 1) * 100)}% larger`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Compares footprint A with footprint B: "The A's footprint is 65% (61–69%) the size of the B's —
 * about 35% smaller." Ranges come from the footprints' area ranges when both have one.
 */
export function compareFootprints(a: ComparedFootprint, b: ComparedFootprint): FootprintComparison {
  for (const footprint of [a, b]) {
    if (!(footprint.areaSquareMetres > 0) || !Number.isFinite(footprint.areaSquareMetres)) {
      throw new Error(
        `Cannot compare: "${footprint.label}" has no area (${footprint.areaSquareMetres} m²).`,
      );
    }
  }
  const ratio = a.areaSquareMetres / b.areaSquareMetres;
  const ratioRange =
    a.areaRange && b.areaRange
      ? {
          minimum: a.areaRange.minimumSquareMetres / b.areaRange.maximumSquareMetres,
          maximum:
            b.areaRange.minimumSquareMetres > 0
              ? a.areaRange.maximumSquareMetres / b.areaRange.minimumSquareMetres
              : Infinity,
        }
      : null;
  const direction: ComparisonDirection =
    Math.abs(ratio - 1) < sameSizeTolerance ? 'same' : ratio < 1 ? 'smaller' : 'larger';
  const rangeIncludesEqual =
    ratioRange !== null && ratioRange.minimum <= 1 && ratioRange.maximum >= 1;
  const caveat =
    rangeIncludesEqual && direction !== 'same'
      ? ', though equal sizes are within the uncertainty'
      : '';
  const sentence =
    `${capitalise(possessive(a.label))} footprint is ${ratioText(ratio, ratioRange)} the size of ` +
    `${possessive(b.label)} — ${differenceText(ratio, direction)}${caveat}.`;
  return { ratio, ratioRange, direction, rangeIncludesEqual, sentence };
}
