import { describe, expect, it } from 'vitest';
import { compareFootprints, possessive } from './compare.ts';

const footprint = (label: string, areaSquareMetres: number, range?: [number, number]) => ({
  label,
  areaSquareMetres,
  areaRange: range ? { minimumSquareMetres: range[0], maximumSquareMetres: range[1] } : null,
});

describe('compareFootprints', () => {
  it('says a smaller building is a percentage "the size of" the other, and how much smaller', () => {
    const comparison = compareFootprints(
      footprint('new assembly building', 6500, [6300, 6700]),
      footprint('main assembly building', 10000, [9750, 10250]),
    );
    expect(comparison.sentence).toBe(
      "The new assembly building's footprint is 65% (61–69%) the size of the main assembly " +
        "building's — about 35% smaller.",
    );
    expect(comparison.direction).toBe('smaller');
    expect(comparison.ratio).toBeCloseTo(0.65, 12);
    expect(comparison.ratioRange?.minimum).toBeCloseTo(6300 / 10250, 12);
    expect(comparison.ratioRange?.maximum).toBeCloseTo(6700 / 9750, 12);
  });

  it('says a larger building is "times the size of" the other, and how much larger', () => {
    const comparison = compareFootprints(
      footprint('main assembly building', 10000, [9600, 10400]),
      footprint('new assembly building', 6250, [6000, 6500]),
    );
    expect(comparison.sentence).toBe(
      "The main assembly building's footprint is 1.6 times (1.5–1.7) the size of the new assembly " +
        "building's — about 60% larger.",
    );
    expect(comparison.direction).toBe('larger');
  });

  it('says "about the same size" near a ratio of 1', () => {
    const below = compareFootprints(footprint('hall A', 990), footprint('hall B', 1000));
    expect(below.sentence).toBe(
      "The hall A's footprint is 99% the size of the hall B's — about the same size.",
    );
    const above = compareFootprints(footprint('hall A', 1020), footprint('hall B', 1000));
    expect(above.direction).toBe('same');
    expect(above.sentence).toContain('102% the size of');
    expect(above.sentence).not.toMatch(/larger|smaller/);
  });

  it('keeps percentages just above 1 and says a few percent larger', () => {
    const comparison = compareFootprints(
      footprint('workshop', 1060),
      footprint('old workshop', 1000),
    );
    expect(comparison.sentence).toBe(
      "The workshop's footprint is 106% the size of the old workshop's — about 6% larger.",
    );
  });

  it('warns when the range includes equal sizes', () => {
    const comparison = compareFootprints(
      footprint('shed', 920, [860, 980]),
      footprint('barn', 1000, [950, 1050]),
    );
    expect(comparison.rangeIncludesEqual).toBe(true);
    expect(comparison.sentence).toBe(
      "The shed's footprint is 92% (82–103%) the size of the barn's — about 8% smaller, though " +
        'equal sizes are within the uncertainty.',
    );
  });

  it('handles labels ending in s, a leading "the", and an empty label', () => {
    expect(possessive('housing blocks')).toBe("the housing blocks'");
    expect(possessive('The tunnel entrance')).toBe("the tunnel entrance's");
    expect(possessive('  ')).toBe("the unlabelled footprint's");
    const comparison = compareFootprints(
      footprint('Workers’ flats', 300),
      footprint('housing blocks', 900),
    );
    expect(comparison.sentence).toBe(
      "The Workers’ flats' footprint is 33% the size of the housing blocks' — about 67% smaller.",
    );
  });

  it('says "times" for much larger buildings without losing the percentage', () => {
    const comparison = compareFootprints(
      footprint('plant', 32000),
      footprint('guard house', 10000),
    );
    expect(comparison.sentence).toBe(
      "The plant's footprint is 3.2 times the size of the guard house's — about 220% larger.",
    );
  });

  it('says how much larger from the ratio, not from the rounded "times" figure', () => {
    const comparison = compareFootprints(footprint('hall', 1538), footprint('shed', 1000));
    expect(comparison.sentence).toBe(
      "The hall's footprint is 1.5 times the size of the shed's — about 54% larger.",
    );
    const justBelow = compareFootprints(footprint('hall', 1096), footprint('shed', 1000));
    expect(justBelow.sentence).toBe(
      "The hall's footprint is 110% the size of the shed's — about 10% larger.",
    );
  });

  it('keeps "the size of" and "smaller" adding up to 100% on either side of a rounding', () => {
    for (const areaSquareMetres of [6449, 6450, 6451, 6549, 6550]) {
      const { sentence } = compareFootprints(
        footprint('hall', areaSquareMetres),
        footprint('plant', 10000),
      );
      const [, shown, smaller] = /is (\d+)% the size.*about (\d+)% smaller/.exec(sentence) ?? [];
      expect(Number(shown) + Number(smaller)).toBe(100);
    }
  });

  it('says a tiny building is under 1% of the size and more than 99% smaller', () => {
    const comparison = compareFootprints(footprint('kiosk', 3), footprint('plant', 10000));
    expect(comparison.sentence).toBe(
      "The kiosk's footprint is under 1% the size of the plant's — more than 99% smaller.",
    );
    const onePercent = compareFootprints(footprint('kiosk', 120), footprint('plant', 10000));
    expect(onePercent.sentence).toContain("1% the size of the plant's — about 99% smaller.");
  });

  it('refuses to compare with a footprint of no area', () => {
    expect(() => compareFootprints(footprint('a', 10), footprint('b', 0))).toThrow(
      /"b" has no area/,
    );
  });

  it('keeps the range open when the other outline could vanish', () => {
    const comparison = compareFootprints(
      footprint('hall', 50, [40, 60]),
      footprint('kiosk', 1, [0, 2]),
    );
    expect(comparison.ratioRange?.maximum).toBe(Infinity);
    expect(comparison.sentence).toContain('50 times (at least 20) the size');
  });
});
