// Clicking a detected change region on the interactive map. The regions are drawn by compare-map
// under the layer id below; a click on one reports the project id of that change
// (`change-<region id>`, as detectedChangeFromRegion names it) so the UI can offer to make it a
// footprint.
import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Polygon } from 'geojson';
import type { DetectedChange } from '../core/schema/project.ts';

const CHANGE_FILL_LAYER = 'detected-changes-fill';
const CHANGE_ID_PREFIX = 'change-';

/**
 * The project's detected changes as the regions compare-map draws (after a reload the detector's
 * own result is gone, the project's copy is not), each with the region id picking reads back.
 * Multi-part changes are drawn as they are: maplibre draws a MultiPolygon like a Polygon.
 */
export function changeRegionsOfProject(
  changes: readonly DetectedChange[],
): FeatureCollection<Polygon> | null {
  if (!changes.length) return null;
  return {
    type: 'FeatureCollection',
    features: changes.map((change) => ({
      type: 'Feature',
      properties: { id: change.id.slice(CHANGE_ID_PREFIX.length) },
      geometry: change.geometry as Polygon,
    })),
  };
}

/** Calls `onPick` with the change id under each click (null off every region); returns `stop`. */
export function pickChangeRegions(
  map: MaplibreMap,
  onPick: (changeId: string | null) => void,
): () => void {
  const onClick = (event: MapMouseEvent) => {
    if (!map.getLayer(CHANGE_FILL_LAYER)) return;
    const [hit] = map.queryRenderedFeatures(event.point, { layers: [CHANGE_FILL_LAYER] });
    const regionId: unknown = hit?.properties.id;
    onPick(
      regionId === undefined || regionId === null ? null : `${CHANGE_ID_PREFIX}${String(regionId)}`,
    );
  };
  map.on('click', onClick);
  return () => {
    map.off('click', onClick);
  };
}
