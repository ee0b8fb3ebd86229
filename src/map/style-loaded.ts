// Whether a map's style has loaded, settled for good. maplibre's isStyleLoaded() turns false again
// whenever tiles are loading and its 'load' event fires only once, so waiting for 'load' because
// isStyleLoaded() is false would, mid-load, wait forever (an image change asked for while tiles
// loaded was never shown).
import type { Map as MaplibreMap } from 'maplibre-gl';

const styleReady = new WeakMap<MaplibreMap, Promise<void>>();

/** Call right after creating the map, before its 'load' event can fire. */
export function watchStyleLoad(map: MaplibreMap): void {
  styleReady.set(map, new Promise<void>((resolve) => map.once('load', () => resolve())));
}

/** Resolves once the map's style has loaded (at once if it already has, or is not watched). */
export function whenStyleLoaded(map: MaplibreMap): Promise<void> {
  return styleReady.get(map) ?? Promise.resolve();
}
