// Drawing and editing footprints with terra-draw on the interactive (after) map, and showing them
// on the before map too. The project store is the truth: terra-draw holds a copy that is synced
// from it, and every finished drawing or edit goes back as a callback, never straight to the map.
import type { Map as MaplibreMap, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, Polygon } from 'geojson';
import {
  TerraDraw,
  TerraDrawModeUndoRedo,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type HexColor,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { BuildingMode, roundedForTerraDraw } from './building-mode.ts';
import { whenStyleLoaded } from './style-loaded.ts';

export type FootprintTool = 'select' | 'polygon' | 'rectangle' | 'rotatedRectangle';

export interface DrawnFootprint {
  readonly id: string;
  readonly geometry: Polygon;
  readonly colour: string;
}

export interface FootprintDrawingCallbacks {
  /** A shape was completed with a drawing tool. */
  onCreate(geometry: Polygon): void;
  /** A footprint was moved, rotated or reshaped in the select tool. */
  onEdit(id: string, geometry: Polygon): void;
  onSelect(id: string | null): void;
  /** The outline being drawn, as it grows (null when nothing is being drawn). */
  onSketch(geometry: Polygon | null): void;
}

export interface FootprintDrawing {
  setTool(tool: FootprintTool): void;
  setFootprints(footprints: readonly DrawnFootprint[]): void;
  select(id: string | null): void;
  /** True while a shape is half drawn: undo then removes its last vertex. */
  isSketching(): boolean;
  undoVertex(): boolean;
  /** Drops the shape being drawn (Escape), keeping the tool. */
  cancelSketch(): void;
  /**
   * The right-angle aid of the polygon tool: each new edge turns by a multiple of 90° from the
   * previous one (terra-draw's degree snapping), unless a vertex or edge of another footprint is
   * nearer to snap to. The building and rectangle tools are square by construction.
   */
  setRightAngles(on: boolean): void;
  destroy(): void;
}

const TERRA_MODE: Record<FootprintTool, string> = {
  select: 'select',
  polygon: 'polygon',
  rectangle: 'rectangle',
  rotatedRectangle: 'building',
};
/** The modifier held while dragging a selected footprint to rotate it. terra-draw's default,
 * Ctrl+R, reloads the page in most browsers when the map does not swallow it. */
export const ROTATE_MODIFIER = 'Alt';
/** How near a press must come to a selected footprint's corner or midpoint handle to take it. */
const HANDLE_DISTANCE_PIXELS = 12;
/** How near a click must come to another footprint's vertex or edge to land on it. */
const SNAP_TOLERANCE_PIXELS = 10;
const SKETCH_COLOUR: HexColor = '#ffd60a';
const OVERLAY_ID = 'footprints-overlay';
const EDIT_ACTIONS = new Set([
  'dragFeature',
  'dragCoordinate',
  'dragCoordinateResize',
  'rotate',
  'scale',
  'insertMidpoint',
  'deleteCoordinate',
]);

function colourOf(feature: GeoJSONStoreFeatures): HexColor {
  const colour = feature.properties.colour;
  return (
    typeof colour === 'string' && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : '#ffd60a'
  ) as HexColor;
}

const polygonSnapping = (rightAngles: boolean) => ({
  toCoordinate: true,
  toLine: true,
  ...(rightAngles ? { toDegree: { degree: 90 } } : {}),
});

export function createFootprintDrawing(
  maps: { readonly before: MaplibreMap; readonly after: MaplibreMap },
  callbacks: FootprintDrawingCallbacks,
): FootprintDrawing {
  const editFlags = {
    feature: {
      draggable: true,
      rotateable: true,
      coordinates: { draggable: true, midpoints: true, deletable: true, snappable: true },
    },
  };
  const sketchModes = {
    onSketch: (outline: Polygon | null) => callbacks.onSketch(outline),
    onFinished: (outline: Polygon) => {
      callbacks.onSketch(null);
      callbacks.onCreate(outline);
    },
    snapTolerancePixels: SNAP_TOLERANCE_PIXELS,
    footprintMode: 'polygon',
    colour: SKETCH_COLOUR,
  };
  const buildingModes = [
    new BuildingMode({ ...sketchModes, modeName: 'building', tool: 'rotatedRectangle' }),
    new BuildingMode({ ...sketchModes, modeName: 'rectangle', tool: 'rectangle' }),
  ];
  const buildingMode = () => buildingModes.find((mode) => mode.mode === draw.getMode()) ?? null;
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map: maps.after }),
    idStrategy: {
      isValidId: (id) => typeof id === 'string' && id.length > 0,
      getId: () => crypto.randomUUID(),
    },
    undoRedo: { modeLevel: new TerraDrawModeUndoRedo() },
    modes: [
      new TerraDrawSelectMode({
        flags: { polygon: editFlags },
        // terra-draw's default of 40 px puts a small footprint's corner and midpoint handles under
        // almost any click on it, so selecting it again would insert a vertex.
        pointerDistance: HANDLE_DISTANCE_PIXELS,
        // Delete goes through the project store (use-footprints), never straight to the map.
        keyEvents: { deselect: 'Escape', delete: null, rotate: [ROTATE_MODIFIER], scale: null },
        styles: {
          selectedPolygonColor: '#ffffff',
          selectedPolygonOutlineColor: '#ffffff',
          selectedPolygonFillOpacity: 0.15,
        },
      }),
      new TerraDrawPolygonMode({
        snapping: polygonSnapping(false),
        styles: {
          fillColor: (f) => colourOf(f),
          outlineColor: (f) => colourOf(f),
          fillOpacity: 0.2,
          outlineWidth: 2,
        },
      }),
      ...buildingModes,
    ],
  });
  draw.start();
  draw.setMode('select');

  let syncing = false;
  draw.on('finish', (id, context) => {
    if (syncing) return;
    const feature = draw.getSnapshotFeature(id);
    if (!feature || feature.geometry.type !== 'Polygon') return;
    const geometry = feature.geometry as Polygon;
    if (context.action === 'draw') {
      // The store decides whether it becomes a footprint; the sync then draws it with its id.
      draw.removeFeatures([id]);
      callbacks.onSketch(null);
      callbacks.onCreate(geometry);
    } else if (EDIT_ACTIONS.has(context.action)) {
      callbacks.onEdit(String(id), geometry);
    }
  });
  draw.on('change', (ids) => {
    // The building modes report their own sketch, from the drawing session.
    if (syncing || draw.getModeState() !== 'drawing' || buildingMode()) return;
    const feature = ids
      .map((id) => draw.getSnapshotFeature(id))
      .find((f) => f?.geometry.type === 'Polygon');
    callbacks.onSketch(feature ? (feature.geometry as Polygon) : null);
  });
  draw.on('select', (id) => callbacks.onSelect(String(id)));
  draw.on('deselect', () => callbacks.onSelect(null));

  const overlayData = (footprints: readonly DrawnFootprint[]): FeatureCollection<Polygon> => ({
    type: 'FeatureCollection',
    features: footprints.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: { colour: f.colour },
      geometry: f.geometry,
    })),
  });
  const showOnBefore = (footprints: readonly DrawnFootprint[]) => {
    const map = maps.before;
    const apply = () => {
      const source = map.getSource<GeoJSONSource>(OVERLAY_ID);
      if (source) {
        source.setData(overlayData(footprints));
        return;
      }
      map.addSource(OVERLAY_ID, { type: 'geojson', data: overlayData(footprints) });
      map.addLayer({
        id: `${OVERLAY_ID}-fill`,
        type: 'fill',
        source: OVERLAY_ID,
        paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.2 },
      });
      map.addLayer({
        id: `${OVERLAY_ID}-line`,
        type: 'line',
        source: OVERLAY_ID,
        paint: { 'line-color': ['get', 'colour'], 'line-width': 2 },
      });
    };
    void whenStyleLoaded(map).then(apply);
  };

  // A mode stays in its "drawing" state between shapes; a shape is under way only while one of
  // its features is marked as being drawn.
  const isSketching = () =>
    buildingMode()?.hasVertices() ??
    (draw.getModeState() === 'drawing' &&
      draw.getSnapshot().some((f) => f.properties.currentlyDrawing === true));

  return {
    setTool(tool) {
      draw.setMode(TERRA_MODE[tool]);
      callbacks.onSketch(null);
    },
    setFootprints(footprints) {
      syncing = true;
      try {
        const wanted = new Map(footprints.map((f) => [f.id, f]));
        const present = draw
          .getSnapshot()
          .filter((f) => f.properties.mode === 'polygon' && typeof f.id === 'string');
        const stale = present.filter((f) => !wanted.has(f.id as string)).map((f) => f.id as string);
        if (stale.length) draw.removeFeatures(stale);
        const presentIds = new Set(present.map((f) => f.id as string));
        const added: GeoJSONStoreFeatures[] = [];
        for (const footprint of footprints) {
          const geometry = roundedForTerraDraw(footprint.geometry);
          if (presentIds.has(footprint.id)) {
            const current = draw.getSnapshotFeature(footprint.id);
            if (JSON.stringify(current?.geometry) !== JSON.stringify(geometry)) {
              draw.updateFeatureGeometry(footprint.id, geometry);
            }
            if (current?.properties.colour !== footprint.colour) {
              draw.updateFeatureProperties(footprint.id, { colour: footprint.colour });
            }
          } else {
            added.push({
              id: footprint.id,
              type: 'Feature',
              geometry,
              properties: { mode: 'polygon', colour: footprint.colour },
            });
          }
        }
        if (added.length) draw.addFeatures(added);
      } finally {
        syncing = false;
      }
      showOnBefore(footprints);
    },
    select(id) {
      if (draw.getMode() !== 'select') draw.setMode('select');
      for (const feature of draw.getSnapshot()) {
        if (feature.properties.selected && feature.id !== id) draw.deselectFeature(feature.id!);
      }
      if (id && draw.hasFeature(id)) draw.selectFeature(id);
    },
    isSketching,
    // terra-draw's polygon mode keeps its own vertex history; the building modes keep a session.
    undoVertex: () => buildingMode()?.undoVertex() ?? (isSketching() ? draw.undo() : false),
    cancelSketch() {
      if (!isSketching()) return;
      // Stopping a mode discards its unfinished shape; terra-draw has no public cancel.
      const mode = draw.getMode();
      draw.setMode('select');
      draw.setMode(mode);
      callbacks.onSketch(null);
    },
    setRightAngles(on) {
      draw.updateModeOptions<typeof TerraDrawPolygonMode>('polygon', {
        snapping: polygonSnapping(on),
      });
    },
    destroy() {
      draw.stop();
    },
  };
}
