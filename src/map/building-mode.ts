// The building (one edge, then the width) and rectangle (two corners) tools as one terra-draw mode
// driven by src/state/drawing-session.ts. terra-draw's own angled-rectangle and rectangle modes
// keep no vertex history (their undo does nothing) and cannot snap; here every click is a step of
// the session, so Ctrl+Z takes back the last click, and each click snaps to other footprints.
import type { Polygon, Position } from 'geojson';
import {
  TerraDrawExtend,
  type GeoJSONStoreFeatures,
  type GeoJSONStoreGeometries,
  type HexColor,
  type TerraDrawAdapterStyling,
  type TerraDrawKeyboardEvent,
  type TerraDrawMouseEvent,
} from 'terra-draw';
import { snapToOutlines } from '../core/measure/snap.ts';
import {
  drawingPreview,
  drawingStep,
  idleDrawing,
  undoLevel,
  type DrawingEvent,
  type DrawingState,
} from '../state/drawing-session.ts';

/**
 * terra-draw refuses features with more decimals than its coordinate precision (9 by default,
 * about 0.1 mm), so every outline it is given is rounded to that first.
 */
export const TERRA_DRAW_DECIMALS = 9;

export function roundedForTerraDraw(outline: Polygon): Polygon {
  const round = (value: number) => Number(value.toFixed(TERRA_DRAW_DECIMALS));
  return {
    type: 'Polygon',
    coordinates: outline.coordinates.map((ring) =>
      ring.map(([lon, lat]) => [round(lon), round(lat)]),
    ),
  };
}

export type BuildingModeTool = 'rectangle' | 'rotatedRectangle';

export interface BuildingModeOptions {
  readonly modeName: string;
  readonly tool: BuildingModeTool;
  /** How near (CSS pixels) a click must be to another footprint's vertex or edge to snap to it. */
  readonly snapTolerancePixels: number;
  /** The terra-draw mode whose features are the footprints to snap to. */
  readonly footprintMode: string;
  readonly colour: HexColor;
  readonly onSketch: (outline: Polygon | null) => void;
  readonly onFinished: (outline: Polygon) => void;
}

type Styling = Record<string, never>;

export class BuildingMode extends TerraDrawExtend.TerraDrawBaseDrawMode<Styling> {
  private session: DrawingState = idleDrawing;
  private cursor: Position | null = null;
  private sketchIds: TerraDrawExtend.FeatureId[] = [];
  private readonly options: BuildingModeOptions;

  constructor(options: BuildingModeOptions) {
    super({ modeName: options.modeName }, true);
    this.options = options;
    this.mode = options.modeName;
    this.updateOptions({ modeName: options.modeName });
  }

  /** True while the shape has clicked vertices: Ctrl+Z then takes back the last one. */
  hasVertices(): boolean {
    return undoLevel(this.session) === 'vertex';
  }

  undoVertex(): boolean {
    if (!this.hasVertices()) return false;
    this.apply({ type: 'undoVertex' });
    return true;
  }

  start() {
    this.setStarted();
    this.setCursor('crosshair');
  }

  stop() {
    this.cleanUp();
    this.setStopped();
    this.setCursor('unset');
  }

  cleanUp() {
    this.session = idleDrawing;
    this.cursor = null;
    this.render();
  }

  override onMouseMove(event: TerraDrawMouseEvent) {
    this.cursor = this.snapped(event);
    if (this.hasVertices()) this.render();
  }

  override onClick(event: TerraDrawMouseEvent) {
    if (event.button !== 'left') return;
    this.cursor = this.snapped(event);
    if (this.session.mode === 'idle') this.apply({ type: 'start', tool: this.options.tool });
    this.apply({ type: 'addVertex', position: this.cursor });
  }

  override onKeyUp(event: TerraDrawKeyboardEvent) {
    if (event.key === 'Escape') this.cleanUp();
  }

  styleFeature(feature: GeoJSONStoreFeatures): TerraDrawAdapterStyling {
    const styling = TerraDrawExtend.getDefaultStyling();
    if (feature.properties.mode !== this.mode) return styling;
    const colour = this.options.colour;
    return {
      ...styling,
      polygonFillColor: colour,
      polygonFillOpacity: 0.2,
      polygonOutlineColor: colour,
      polygonOutlineWidth: 2,
      lineStringColor: colour,
      lineStringWidth: 2,
      pointColor: colour,
      pointWidth: 4,
      pointOutlineColor: '#ffffff',
      pointOutlineWidth: 1,
      zIndex: 30,
    };
  }

  private snapped(event: TerraDrawMouseEvent): Position {
    const outlines = this.store
      .copyAllWhere((properties) => properties.mode === this.options.footprintMode)
      .filter((feature) => feature.geometry.type === 'Polygon')
      .map((feature) => (feature.geometry as Polygon).coordinates);
    const toScreen = ([lon, lat]: Position) => this.project(lon, lat);
    return snapToOutlines(
      [event.lng, event.lat],
      outlines,
      toScreen,
      this.options.snapTolerancePixels,
    ).position;
  }

  private apply(event: DrawingEvent) {
    const step = drawingStep(this.session, event);
    this.session = step.state;
    this.render();
    if (step.finished) this.options.onFinished(roundedForTerraDraw(step.finished));
  }

  /** Redraws the sketch: the outline the cursor would make, else the clicked edge so far. */
  private render() {
    if (this.sketchIds.length) this.store.delete(this.sketchIds);
    this.sketchIds = [];
    const vertices = this.session.mode === 'drawing' ? this.session.vertices : [];
    if (this.state === 'drawing' && vertices.length === 0) this.setStarted();
    if (this.state === 'started' && vertices.length > 0) this.setDrawing();
    const outline = vertices.length ? drawingPreview(this.session, this.cursor) : null;
    const preview = outline && roundedForTerraDraw(outline);
    this.options.onSketch(preview);
    if (!vertices.length) return;
    const line = this.cursor ? [...vertices, this.cursor] : [...vertices];
    const geometries: GeoJSONStoreGeometries[] = [
      ...(preview ? [preview] : line.length > 1 ? [{ type: 'LineString', coordinates: line }] : []),
      ...vertices.map((coordinates) => ({ type: 'Point', coordinates }) as const),
    ] as GeoJSONStoreGeometries[];
    this.sketchIds = this.store.create(
      geometries.map((geometry) => ({
        geometry,
        properties: { mode: this.mode, currentlyDrawing: true },
      })),
    );
  }
}
