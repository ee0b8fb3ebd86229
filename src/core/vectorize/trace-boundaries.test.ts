import { describe, expect, it } from 'vitest';
import { labelComponents } from '../change/connected-components.ts';
import { traceComponent } from './trace-boundaries.ts';

function maskFrom(rows: string[]): Uint8Array {
  return Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0));
}

const shoelace = (ring: [number, number][]) => {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
};

function trace(mask: Uint8Array, width: number, height: number) {
  const { labels, components } = labelComponents(mask, width, height, null);
  return components.map((c) => ({ component: c, polygon: traceComponent(labels, width, c) }));
}

describe('traceComponent', () => {
  it('traces a square with a hole as an outer ring and one hole, through pixel corners', () => {
    const [{ polygon }] = trace(maskFrom(['.....', '.###.', '.#.#.', '.###.', '.....']), 5, 5);
    expect(polygon.rings).toHaveLength(2);
    expect(polygon.rings[0]).toEqual([
      [1, 1],
      [4, 1],
      [4, 4],
      [1, 4],
      [1, 1],
    ]);
    expect(shoelace(polygon.rings[0])).toBe(9);
    expect(shoelace(polygon.rings[1])).toBe(-1);
  });

  it('keeps pixels touching at a corner in one ring (8-connectivity)', () => {
    const [{ polygon }] = trace(maskFrom(['#..', '.#.', '..#']), 3, 3);
    expect(polygon.rings).toHaveLength(1);
    expect(shoelace(polygon.rings[0])).toBe(3);
  });

  it('encloses exactly the component pixels on random masks', () => {
    let state = 17;
    const width = 60;
    const height = 40;
    const mask = Uint8Array.from({ length: width * height }, () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32 < 0.45 ? 1 : 0;
    });
    for (const { component, polygon } of trace(mask, width, height)) {
      const [outer, ...holes] = polygon.rings;
      expect(shoelace(outer)).toBeGreaterThan(0);
      for (const hole of holes) expect(shoelace(hole)).toBeLessThan(0);
      const area = polygon.rings.reduce((s, r) => s + shoelace(r), 0);
      expect(area).toBe(component.pixelCount);
    }
  });
});
