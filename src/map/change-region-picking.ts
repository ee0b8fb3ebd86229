// Clicking a detected change region on the interactive map. The regions are drawn by compare-map
// under the layer id below; a click on one reports the project id of that change
// (`change-<region id>`, as detectedChangeFromRegion names it) so the UI can offer to make it a
// footprint.
import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';

const CHANGE_FILL_LAYER = 'detected-changes-fill';

/** Calls `onPick` with the change id under each click (null off every region); returns `stop`. */
export function pickChangeRegions(
  map: MaplibreMap,
  onPick: (changeId: string | null) => void,
): () => void {
  const onClick = (event: MapMouseEvent) => {
    if (!map.getLayer(CHANGE_FILL_LAYER)) return;
    const [hit] = map.queryRenderedFeatures(event.point, { layers: [CHANGE_FILL_LAYER] });
    const regionId: unknown = hit?.properties.id;
    onPick(regionId === undefined || regionId === null ? null : `change-${String(regionId)}`);
  };
  map.on('click', onClick);
  return () => {
    map.off('click', onClick);
  };
}
