import { describe, expect, it } from 'vitest';
import { measureFootprint } from '../core/measure/footprint-measurement.ts';
import { localProjectionAt } from '../core/measure/local-projection.ts';
import {
  drawingPreview,
  drawingStep,
  idleDrawing,
  undoLevel,
  type DrawingEvent,
  type DrawingState,
} from './drawing-session.ts';

const site = localProjectionAt([127.5, 39.9]);
/** A click this many metres east and north of the site centre. */
const at = (east: number, north: number) => site.inverse([east, north]);

function run(events: DrawingEvent[], start: DrawingState = idleDrawing) {
  let state = start;
  const finished = [];
  for (const event of events) {
    const step = drawingStep(state, event);
    state = step.state;
    if (step.finished) finished.push(step.finished);
  }
  return { state, finished };
}

describe('drawing session', () => {
  it('draws a polygon, undoing its last vertex before the history', () => {
    const { state } = run([
      { type: 'start', tool: 'polygon' },
      { type: 'addVertex', position: at(0, 0) },
      { type: 'addVertex', position: at(50, 0) },
      { type: 'addVertex', position: at(99, 99) },
    ]);
    expect(undoLevel(state)).toBe('vertex');
    const corrected = run(
      [
        { type: 'undoVertex' },
        { type: 'addVertex', position: at(50, 30) },
        { type: 'addVertex', position: at(0, 30) },
        { type: 'finish' },
      ],
      state,
    );
    expect(corrected.finished).toHaveLength(1);
    expect(measureFootprint(corrected.finished[0]).areaSquareMetres).toBeCloseTo(1500, 3);
    expect(undoLevel(corrected.state)).toBe('history');
    expect(corrected.state).toEqual({ mode: 'drawing', tool: 'polygon', vertices: [] });
  });

  it('will not finish a polygon of fewer than three corners, or a crossing one', () => {
    const two = run([
      { type: 'start', tool: 'polygon' },
      { type: 'addVertex', position: at(0, 0) },
      { type: 'addVertex', position: at(5, 0) },
      { type: 'finish' },
    ]);
    expect(two.finished).toEqual([]);
    const bowTie = run(
      [
        { type: 'addVertex', position: at(5, 5) },
        { type: 'addVertex', position: at(0, 5) },
        { type: 'addVertex', position: at(10, -5) },
        { type: 'finish' },
      ],
      {
        mode: 'drawing',
        tool: 'polygon',
        vertices: [at(0, 0)],
      },
    );
    expect(bowTie.finished).toEqual([]);
  });

  it('cancels the shape being drawn with Escape', () => {
    const { state, finished } = run([
      { type: 'start', tool: 'rectangle' },
      { type: 'addVertex', position: at(0, 0) },
      { type: 'cancel' },
    ]);
    expect(state).toEqual(idleDrawing);
    expect(finished).toEqual([]);
    expect(undoLevel(state)).toBe('history');
  });

  it('draws a rotated rectangle from an edge and a width click', () => {
    const angle = (30 * Math.PI) / 180;
    const along = [Math.sin(angle), Math.cos(angle)];
    const { finished } = run([
      { type: 'start', tool: 'rotatedRectangle' },
      { type: 'addVertex', position: at(0, 0) },
      { type: 'addVertex', position: at(along[0] * 120, along[1] * 120) },
      // 55 m to the right of the edge, and further along it: only the perpendicular part counts.
      {
        type: 'addVertex',
        position: at(along[1] * 55 + along[0] * 200, -along[0] * 55 + along[1] * 200),
      },
    ]);
    expect(finished).toHaveLength(1);
    const measurement = measureFootprint(finished[0]);
    expect(measurement.lengthMetres).toBeCloseTo(120, 2);
    expect(measurement.widthMetres).toBeCloseTo(55, 2);
    expect(measurement.angleDegrees).toBeCloseTo(30, 1);
  });

  it('previews the outline under the pointer for live measurements', () => {
    const state: DrawingState = { mode: 'drawing', tool: 'rectangle', vertices: [at(0, 0)] };
    const preview = drawingPreview(state, at(40, 25));
    expect(preview && measureFootprint(preview).areaSquareMetres).toBeCloseTo(1000, 2);
    expect(drawingPreview(state, null)).toBeNull();
    expect(drawingPreview(idleDrawing, at(1, 1))).toBeNull();
  });

  it('keeps waiting when a rectangle click would give no area', () => {
    const { state, finished } = run([
      { type: 'start', tool: 'rectangle' },
      { type: 'addVertex', position: at(0, 0) },
      { type: 'addVertex', position: at(0, 10) },
    ]);
    expect(finished).toEqual([]);
    expect(state).toEqual({ mode: 'drawing', tool: 'rectangle', vertices: [at(0, 0)] });
  });
});
