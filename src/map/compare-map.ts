// The one map module: two synchronised maplibre maps. "after" lies underneath and takes every
// pointer event (pan, zoom, drawing); "before" lies on top, clipped to the left of the swipe
// divider, and only displays. Two maps rather than one because maplibre cannot clip a single
// layer (the mapbox-gl-compare approach, written here because the maplibre port has no keyboard
// control and routes events to both maps, which would split a drawing between them).
import {
  Map as MaplibreMap,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type RasterTileSource,
} from 'maplibre-gl';
// maplibre 6 ships its worker as a separate ES module that bundlers cannot find by themselves;
// Vite's `?worker&url` bundles it (with its shared chunk) and gives its URL.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Polygon } from 'geojson';
import { TILE_SIZE, tileUrlTemplate } from './tile-protocol.ts';
import { watchStyleLoad, whenStyleLoaded } from './style-loaded.ts';

export type Side = 'before' | 'after';

export interface ImageLayer {
  readonly imageId: string;
  /** West, south, east, north in degrees: tiles outside are never requested. */
  readonly boundsLonLat: [number, number, number, number];
  readonly maxZoom: number;
  /**
   * Grows when the image's display (bands, stretch) changes: the same image is then asked for new
   * tiles, under new URLs, without being removed from the map.
   */
  readonly displayRevision?: number;
}

export interface CompareMap {
  readonly maps: Record<Side, MaplibreMap>;
  setImage(side: Side, layer: ImageLayer | null): void;
  /** Position of the divider as a fraction of the width, 0..1. */
  setDivider(fraction: number): void;
  /** Detected change regions, outlined on both dates; null removes them. */
  setChangeRegions(regions: FeatureCollection<Polygon> | null): void;
  fitBounds(boundsLonLat: [number, number, number, number]): void;
  /** Screen position (CSS pixels, relative to the map container) of a lon/lat point. */
  project(lonLat: [number, number]): { x: number; y: number };
  whenIdle(): Promise<void>;
  /** Resolves once both maps have loaded their style. */
  ready(): Promise<void>;
  destroy(): void;
}

const CHANGES_ID = 'detected-changes';
const IDLE_WAIT_LIMIT_MS = 3000;
/** How long whenIdle waits for tiles still loading before it gives up waiting. */
const SETTLE_LIMIT_MS = 20_000;
const CHANGE_COLOUR = '#ff3b30';

const STYLE_URL = `${import.meta.env.BASE_URL}style.json`;

setWorkerUrl(maplibreWorkerUrl);

function createMap(container: HTMLElement, interactive: boolean): MaplibreMap {
  const map = new MaplibreMap({
    container,
    style: STYLE_URL,
    center: [127.5, 39.9],
    zoom: 14,
    interactive,
    attributionControl: false,
    // Keep the drawing buffer so screenshots and exports read what is on screen.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    maxPitch: 0,
    dragRotate: false,
  });
  watchStyleLoad(map);
  return map;
}

export function createCompareMap(containers: Record<Side, HTMLElement>): CompareMap {
  const maps: Record<Side, MaplibreMap> = {
    before: createMap(containers.before, false),
    after: createMap(containers.after, true),
  };
  // The before map only displays: every pointer event goes through it to the after map.
  containers.before.style.pointerEvents = 'none';
  maps.after.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  maps.after.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  maps.after.on('move', () => {
    const after = maps.after;
    maps.before.jumpTo({
      center: after.getCenter(),
      zoom: after.getZoom(),
      bearing: after.getBearing(),
    });
  });

  const revisions: Record<Side, number> = { before: 0, after: 0 };
  const shown: Record<Side, ImageLayer | null> = { before: null, after: null };
  // The last image change of each side, settled once the map is idle after it: whenIdle waits for
  // it, since the map can still look idle between a change being asked for and its tiles loading.
  const settling: Record<Side, Promise<void>> = {
    before: Promise.resolve(),
    after: Promise.resolve(),
  };
  // Bounded: should the map have nothing to redraw, no idle event comes, and waiting must end.
  const nextIdle = (map: MaplibreMap, limitMilliseconds = IDLE_WAIT_LIMIT_MS) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, limitMilliseconds);
      function done() {
        clearTimeout(timer);
        map.off('idle', done);
        resolve();
      }
      map.on('idle', done);
    });

  return {
    maps,
    setImage(side, layer) {
      const map = maps[side];
      settling[side] = whenStyleLoaded(map).then(() => {
        const id = `${side}-imagery`;
        const previous = shown[side];
        shown[side] = layer;
        const source = map.getSource<RasterTileSource>(id);
        if (layer && previous && source && previous.imageId === layer.imageId) {
          if (previous.displayRevision === layer.displayRevision) return;
          // Same image, new display: tiles are fetched again in place (no blank map meanwhile).
          revisions[side] += 1;
          source.setTiles([tileUrlTemplate(layer.imageId, revisions[side])]);
          return nextIdle(map);
        }
        if (map.getLayer(id)) map.removeLayer(id);
        if (map.getSource(id)) map.removeSource(id);
        if (!layer) return;
        revisions[side] += 1;
        map.addSource(id, {
          type: 'raster',
          tiles: [tileUrlTemplate(layer.imageId, revisions[side])],
          tileSize: TILE_SIZE,
          bounds: layer.boundsLonLat,
          maxzoom: layer.maxZoom,
        });
        // Imagery always lies beneath the vector layers (changes, footprints).
        const firstVector = map
          .getStyle()
          .layers.find((l) => l.type !== 'background' && l.type !== 'raster');
        map.addLayer(
          {
            id,
            type: 'raster',
            source: id,
            paint: { 'raster-fade-duration': 0, 'raster-resampling': 'linear' },
          },
          firstVector?.id,
        );
      });
    },
    setChangeRegions(regions) {
      const empty: FeatureCollection<Polygon> = { type: 'FeatureCollection', features: [] };
      for (const map of [maps.before, maps.after]) {
        void whenStyleLoaded(map).then(() => {
          const source = map.getSource<GeoJSONSource>(CHANGES_ID);
          if (source) {
            source.setData(regions ?? empty);
            return;
          }
          map.addSource(CHANGES_ID, { type: 'geojson', data: regions ?? empty });
          map.addLayer({
            id: `${CHANGES_ID}-fill`,
            type: 'fill',
            source: CHANGES_ID,
            paint: { 'fill-color': CHANGE_COLOUR, 'fill-opacity': 0.12 },
          });
          map.addLayer({
            id: `${CHANGES_ID}-outline`,
            type: 'line',
            source: CHANGES_ID,
            paint: { 'line-color': CHANGE_COLOUR, 'line-width': 2 },
          });
        });
      }
    },
    setDivider(fraction) {
      const percent = Math.min(1, Math.max(0, fraction)) * 100;
      // Only the before map's canvas is clipped (its container has no height of its own).
      maps.before.getCanvas().style.clipPath = `inset(0 ${100 - percent}% 0 0)`;
    },
    fitBounds([west, south, east, north]) {
      maps.after.fitBounds(
        [
          [west, south],
          [east, north],
        ],
        { padding: 24, animate: false },
      );
    },
    project([lon, lat]) {
      const p = maps.after.project([lon, lat]);
      return { x: p.x, y: p.y };
    },
    async ready() {
      await Promise.all([whenStyleLoaded(maps.before), whenStyleLoaded(maps.after)]);
    },
    async whenIdle() {
      await Promise.all([settling.before, settling.after]);
      await Promise.all(
        (['before', 'after'] as const).map(
          (side) =>
            new Promise<void>((resolve) => {
              const map = maps[side];
              if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
              // Bounded too: a map that went idle before this was asked, with a tile it could not
              // load, reports itself not loaded and sends no further idle event.
              else void nextIdle(map, SETTLE_LIMIT_MS).then(resolve);
            }),
        ),
      );
    },
    destroy() {
      maps.before.remove();
      maps.after.remove();
    },
  };
}
