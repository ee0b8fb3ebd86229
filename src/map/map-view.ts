// The map's view (centre, zoom, bearing, pitch) in the project's terms: read when the user has
// moved the map, and shown again when a project is opened or the page reloaded.
import type { MapView } from '../core/schema/project.ts';
import type { CompareMap } from './compare-map.ts';

/** The after map leads (the before map follows it), so its view is the view. */
export function currentView(map: CompareMap): MapView {
  const after = map.maps.after;
  const { lng, lat } = after.getCenter();
  return {
    centre: [lng, lat],
    zoom: after.getZoom(),
    bearingDegrees: after.getBearing(),
    pitchDegrees: after.getPitch(),
  };
}

export function showView(map: CompareMap, view: MapView): void {
  map.maps.after.jumpTo({
    center: [view.centre[0], view.centre[1]],
    zoom: view.zoom,
    bearing: view.bearingDegrees,
    pitch: view.pitchDegrees,
  });
}

/** Calls `listener` with the view each time the map comes to rest; returns the unsubscriber. */
export function watchView(map: CompareMap, listener: (view: MapView) => void): () => void {
  const onMoveEnd = () => listener(currentView(map));
  map.maps.after.on('moveend', onMoveEnd);
  return () => map.maps.after.off('moveend', onMoveEnd);
}
