// The shape being drawn, kept apart from the project's history (STYLE.md habit 6, after
// terra-draw): a small state machine the map layer drives with clicks, Escape and Ctrl+Z. While a
// shape has vertices, undo removes the last one; otherwise undo goes to the project history.
import type { Polygon, Position } from 'geojson';
import {
  cornerRectangleOutline,
  rotatedRectangleOutline,
} from '../core/measure/rectangle-outline.ts';
import { footprintGeometryProblems } from '../core/schema/footprint-geometry.ts';

/** polygon: click corners, finish with a double click or Enter; rectangle: two opposite corners;
 * rotatedRectangle: one edge (two clicks), then a third click for the width. */
export type DrawingTool = 'polygon' | 'rectangle' | 'rotatedRectangle';

export type DrawingState =
  | { readonly mode: 'idle' }
  | {
      readonly mode: 'drawing';
      readonly tool: DrawingTool;
      readonly vertices: readonly Position[];
    };

export type DrawingEvent =
  | { readonly type: 'start'; readonly tool: DrawingTool }
  | { readonly type: 'addVertex'; readonly position: Position }
  | { readonly type: 'undoVertex' }
  | { readonly type: 'finish' }
  | { readonly type: 'cancel' };

export interface DrawingStep {
  readonly state: DrawingState;
  /** The outline completed by this event, to be added as a footprint; null otherwise. */
  readonly finished: Polygon | null;
}

export const idleDrawing: DrawingState = { mode: 'idle' };

/** Clicks after which a tool's shape is complete by itself. */
const clicksToComplete: Record<DrawingTool, number | null> = {
  polygon: null,
  rectangle: 2,
  rotatedRectangle: 3,
};

function outlineOf(tool: DrawingTool, points: readonly Position[]): Polygon | null {
  let outline: Polygon | null = null;
  if (tool === 'polygon' && points.length >= 3) {
    outline = { type: 'Polygon', coordinates: [[...points, points[0]]] };
  } else if (tool === 'rectangle' && points.length >= 2) {
    outline = cornerRectangleOutline(points[0], points[1]);
  } else if (tool === 'rotatedRectangle' && points.length >= 3) {
    outline = rotatedRectangleOutline(points[0], points[1], points[2]);
  }
  // Zero-width or crossing outlines are not footprints; the tool keeps waiting for a better click.
  return outline && footprintGeometryProblems(outline.coordinates).length === 0 ? outline : null;
}

export function drawingStep(state: DrawingState, event: DrawingEvent): DrawingStep {
  const stay = { state, finished: null };
  switch (event.type) {
    case 'start':
      return { state: { mode: 'drawing', tool: event.tool, vertices: [] }, finished: null };
    case 'cancel':
      return { state: idleDrawing, finished: null };
    case 'undoVertex':
      if (state.mode !== 'drawing' || state.vertices.length === 0) return stay;
      return { state: { ...state, vertices: state.vertices.slice(0, -1) }, finished: null };
    case 'addVertex': {
      if (state.mode !== 'drawing') return stay;
      const vertices = [...state.vertices, event.position];
      if (vertices.length === clicksToComplete[state.tool]) {
        const outline = outlineOf(state.tool, vertices);
        // A degenerate rectangle drops its last click so the user can click again.
        return outline
          ? { state: { ...state, vertices: [] }, finished: outline }
          : { state: { ...state, vertices: state.vertices }, finished: null };
      }
      return { state: { ...state, vertices }, finished: null };
    }
    case 'finish': {
      if (state.mode !== 'drawing' || state.tool !== 'polygon') return stay;
      const outline = outlineOf('polygon', state.vertices);
      return outline ? { state: { ...state, vertices: [] }, finished: outline } : stay;
    }
  }
}

/** Which undo Ctrl+Z means now: the last vertex of the shape being drawn, or the last edit. */
export function undoLevel(state: DrawingState): 'vertex' | 'history' {
  return state.mode === 'drawing' && state.vertices.length > 0 ? 'vertex' : 'history';
}

/**
 * The outline as it would be if the pointer at `cursor` were clicked, for live measurements while
 * drawing; null while it is not yet an area.
 */
export function drawingPreview(state: DrawingState, cursor: Position | null): Polygon | null {
  if (state.mode !== 'drawing') return null;
  const points = cursor ? [...state.vertices, cursor] : state.vertices;
  return outlineOf(state.tool, points.slice(0, clicksToComplete[state.tool] ?? points.length));
}
