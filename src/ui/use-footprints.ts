import { useEffect, useRef, useState } from 'react';
import type { Polygon } from 'geojson';
import type { CompareMap } from '../map/compare-map.ts';
import {
  createFootprintDrawing,
  type FootprintDrawing,
  type FootprintTool,
} from '../map/footprint-drawing.ts';
import type { Footprint } from '../core/schema/footprint.ts';
import { addFootprint, deleteFootprint, updateFootprint } from './footprint-actions.ts';
import { projectStore } from './project-store.ts';

function nudgeFootprint(id: string, eastMetres: number, northMetres: number) {
  projectStore.dispatch({
    type: 'moveFootprint',
    id,
    eastMetres,
    northMetres,
    modifiedAt: new Date().toISOString(),
  });
}

const TOOL_KEYS: Record<string, FootprintTool> = {
  v: 'select',
  b: 'rotatedRectangle',
  r: 'rectangle',
  p: 'polygon',
};

/** Arrow keys nudge the selected footprint east/north by one pixel of the imagery (Shift: ten). */
const NUDGE_DIRECTIONS: Record<string, readonly [east: number, north: number]> = {
  arrowleft: [-1, 0],
  arrowright: [1, 0],
  arrowup: [0, 1],
  arrowdown: [0, -1],
};
/** The nudge step when the imagery's pixel size is unknown. */
const DEFAULT_NUDGE_METRES = 0.5;

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return (
    !!element &&
    (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable)
  );
}

/**
 * Connects the map's drawing tools to the project: finished shapes become footprints, edits become
 * commands, and the keyboard drives tools and the two levels of undo (STYLE.md habit 6).
 */
export function useFootprints(
  map: CompareMap | null,
  footprints: readonly Footprint[],
  gsdMetres: number | null,
) {
  const [tool, setToolState] = useState<FootprintTool>('select');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [sketch, setSketch] = useState<Polygon | null>(null);
  const [rightAngles, setRightAnglesState] = useState(false);
  const drawing = useRef<FootprintDrawing | null>(null);
  const gsd = useRef(gsdMetres);
  useEffect(() => {
    gsd.current = gsdMetres;
  }, [gsdMetres]);

  const [drawingReady, setDrawingReady] = useState(false);
  useEffect(() => {
    if (!map) return;
    let created: FootprintDrawing | null = null;
    let cancelled = false;
    // terra-draw needs the map's style loaded before it starts.
    void map.ready().then(() => {
      if (cancelled) return;
      created = createFootprintDrawing(map.maps, {
        onCreate: (geometry) => {
          const footprint = addFootprint(geometry, gsd.current);
          if (!footprint) return;
          // Back to Select with the new footprint selected, ready to be labelled.
          setToolState('select');
          queueMicrotask(() => {
            created?.setTool('select');
            created?.select(footprint.id);
          });
          setSelectedId(footprint.id);
        },
        onEdit: (id, geometry) => updateFootprint(id, { geometry }),
        onSelect: setSelectedId,
        onSketch: setSketch,
      });
      drawing.current = created;
      setDrawingReady(true);
    });
    return () => {
      cancelled = true;
      created?.destroy();
      drawing.current = null;
      setDrawingReady(false);
    };
  }, [map]);

  useEffect(() => {
    drawing.current?.setFootprints(
      footprints.map((f) => ({ id: f.id, geometry: f.geometry as Polygon, colour: f.colour })),
    );
  }, [footprints, drawingReady]);
  // A footprint deleted (or undone away) is no longer selected.
  const selected = selectedId && footprints.some((f) => f.id === selectedId) ? selectedId : null;

  const setTool = (next: FootprintTool) => {
    drawing.current?.setTool(next);
    setToolState(next);
  };
  const setRightAngles = (on: boolean) => {
    drawing.current?.setRightAngles(on);
    setRightAnglesState(on);
  };
  const select = (id: string | null) => {
    if (tool !== 'select') setTool('select');
    drawing.current?.select(id);
    setSelectedId(id);
  };

  const setToolRef = useRef(setTool);
  const selectedRef = useRef(selected);
  useEffect(() => {
    setToolRef.current = setTool;
    selectedRef.current = selected;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const modifier = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (modifier && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) projectStore.redo();
        else if (drawing.current?.isSketching()) drawing.current.undoVertex();
        else projectStore.undo();
      } else if (key === 'escape' && drawing.current?.isSketching()) {
        // terra-draw only hears keys while the map has focus; Escape works wherever it is pressed.
        event.preventDefault();
        drawing.current.cancelSketch();
      } else if (modifier && key === 'y') {
        event.preventDefault();
        projectStore.redo();
      } else if (!modifier && !event.altKey && key in TOOL_KEYS) {
        setToolRef.current(TOOL_KEYS[key]);
      } else if ((key === 'delete' || key === 'backspace') && selectedRef.current) {
        deleteFootprint(selectedRef.current);
      } else if (
        key in NUDGE_DIRECTIONS &&
        !modifier &&
        !event.altKey &&
        selectedRef.current &&
        (event.target as HTMLElement | null)?.getAttribute?.('role') !== 'slider'
      ) {
        // Caught before the map sees it, which would pan instead.
        event.preventDefault();
        event.stopPropagation();
        const [east, north] = NUDGE_DIRECTIONS[key];
        const stepMetres = (gsd.current ?? DEFAULT_NUDGE_METRES) * (event.shiftKey ? 10 : 1);
        nudgeFootprint(selectedRef.current, east * stepMetres, north * stepMetres);
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);

  return { tool, setTool, selectedId: selected, select, sketch, rightAngles, setRightAngles };
}
