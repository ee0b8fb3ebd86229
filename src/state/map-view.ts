// Which view to show, and when a view is new enough to keep. The view is saved with the project
// but is not an edit: it never enters the undo history (excalidraw keeps its scroll and zoom the
// same way, as app state rather than scene).
import type { MapView } from '../core/schema/project.ts';

/** West, south, east, north in degrees. */
export type BoundsLonLat = readonly [number, number, number, number];

/** Below these the map has not moved: a jump to a saved view reads back with round-off. */
const sameCentreDegrees = 1e-9;
const sameZoom = 1e-6;
const sameAngleDegrees = 1e-6;

export function sameView(a: MapView | null, b: MapView | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    Math.abs(a.centre[0] - b.centre[0]) < sameCentreDegrees &&
    Math.abs(a.centre[1] - b.centre[1]) < sameCentreDegrees &&
    Math.abs(a.zoom - b.zoom) < sameZoom &&
    Math.abs(a.bearingDegrees - b.bearingDegrees) < sameAngleDegrees &&
    Math.abs(a.pitchDegrees - b.pitchDegrees) < sameAngleDegrees
  );
}

/**
 * What to show when a project is opened or its images are shown: the project's saved view if it
 * looks at those images (its centre lies on them), else the images framed whole; null when there
 * is nothing to show yet.
 */
export function viewToShow(
  saved: MapView | null,
  imageBounds: BoundsLonLat | null,
):
  | { readonly kind: 'saved'; readonly view: MapView }
  | { readonly kind: 'fit'; readonly bounds: BoundsLonLat }
  | null {
  if (saved) {
    const [lon, lat] = saved.centre;
    const onImages =
      imageBounds === null ||
      (lon >= imageBounds[0] &&
        lon <= imageBounds[2] &&
        lat >= imageBounds[1] &&
        lat <= imageBounds[3]);
    if (onImages) return { kind: 'saved', view: saved };
  }
  return imageBounds ? { kind: 'fit', bounds: imageBounds } : null;
}
