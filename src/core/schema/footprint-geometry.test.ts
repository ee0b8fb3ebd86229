import { describe, expect, it } from 'vitest';
import { footprintGeometryProblems } from './footprint-geometry.ts';

const square = [
  [127.5, 39.9],
  [127.501, 39.9],
  [127.501, 39.901],
  [127.5, 39.901],
  [127.5, 39.9],
];

describe('footprintGeometryProblems', () => {
  it('accepts a closed square, with or without a hole inside it', () => {
    expect(footprintGeometryProblems([square])).toEqual([]);
    const hole = [
      [127.5002, 39.9002],
      [127.5002, 39.9004],
      [127.5004, 39.9004],
      [127.5002, 39.9002],
    ];
    expect(footprintGeometryProblems([square, hole])).toEqual([]);
  });

  it('accepts a vertex repeated in a row', () => {
    expect(footprintGeometryProblems([[square[0], ...square]])).toEqual([]);
  });

  it('finds an unclosed ring', () => {
    expect(footprintGeometryProblems([square.slice(0, -1)])).toEqual([
      expect.stringMatching(/ring 1 is not closed/),
    ]);
  });

  it('finds too few corners', () => {
    expect(footprintGeometryProblems([[square[0], square[1], square[0]]])[0]).toMatch(
      /2 distinct corners; an outline needs at least 3/,
    );
  });

  it('finds a bow-tie outline', () => {
    const bowTie = [square[0], square[2], square[1], square[3], square[0]];
    expect(footprintGeometryProblems([bowTie])[0]).toMatch(
      /ring 1 crosses itself.*self-intersecting/,
    );
  });

  it('finds crossings between edges far apart along a long ring', () => {
    // A star-shaped ring of 1000 vertices is simple; swapping two distant vertices makes it cross.
    const ring = Array.from({ length: 1000 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 1000;
      const radius = 0.001 * (1 + 0.3 * Math.sin(angle * 23));
      return [127.5 + radius * Math.cos(angle), 39.9 + radius * Math.sin(angle)];
    });
    expect(footprintGeometryProblems([[...ring, ring[0]]])).toEqual([]);
    [ring[100], ring[700]] = [ring[700], ring[100]];
    expect(footprintGeometryProblems([[...ring, ring[0]]])[0]).toMatch(/crosses itself/);
    const pentagram = [0, 2, 4, 1, 3].map((k) => [
      127.5 + 0.001 * Math.sin((2 * Math.PI * k) / 5),
      39.9 + 0.001 * Math.cos((2 * Math.PI * k) / 5),
    ]);
    expect(footprintGeometryProblems([[...pentagram, pentagram[0]]])[0]).toMatch(/crosses itself/);
  });

  it('finds a hole that crosses the outer ring', () => {
    const hole = [
      [127.5005, 39.9005],
      [127.5015, 39.9005],
      [127.5015, 39.9008],
      [127.5005, 39.9005],
    ];
    expect(footprintGeometryProblems([square, hole])[0]).toMatch(/rings 1 and 2 cross/);
  });

  it('finds an edge that doubles back along the previous one', () => {
    const spike = [square[0], square[1], [127.5005, 39.9], square[2], square[3], square[0]];
    expect(footprintGeometryProblems([spike])[0]).toMatch(/folds back/);
  });

  it('recognises projected metres', () => {
    const utm = square.map(([x, y]) => [x * 4000, y * 110_000]);
    expect(footprintGeometryProblems([utm])[0]).toMatch(/projected metres.*WGS 84 lon\/lat/);
  });

  it('recognises [latitude, longitude] order', () => {
    const swapped = square.map(([x, y]) => [y, x]);
    expect(footprintGeometryProblems([swapped])[0]).toMatch(/look like \[latitude, longitude\]/);
  });

  it('rejects positions that are not numbers', () => {
    expect(
      footprintGeometryProblems([[...square.slice(0, 2), [Number.NaN, 1], ...square.slice(2)]])[0],
    ).toMatch(/not two numbers/);
  });
});
