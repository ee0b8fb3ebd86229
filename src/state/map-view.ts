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

/** The smallest bounds that hold all of `bounds`; null for none. */
export function unionOfBounds(bounds: readonly BoundsLonLat[]): BoundsLonLat | null {
  if (bounds.length === 0) return null;
  return [
    Math.min(...bounds.map((b) => b[0])),
    Math.min(...bounds.map((b) => b[1])),
    Math.max(...bounds.map((b) => b[2])),
    Math.max(...bounds.map((b) => b[3])),
  ];
}

/**
 * What to show when a project is opened or its images are shown: the project's saved view if it
 * looks at every image shown (its centre lies on each), else the images framed together; null
 * when there is nothing to show yet. So an image opened far from the others is brought into view.
 */
export function viewToShow(
  saved: MapView | null,
  imageBounds: readonly BoundsLonLat[],
):
  | { readonly kind: 'saved'; readonly view: MapView }
  | { readonly kind: 'fit'; readonly bounds: BoundsLonLat }
  | null {
  if (saved) {
    const [lon, lat] = saved.centre;
    const onEveryImage = imageBounds.every(
      (b) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3],
    );
    if (onEveryImage) return { kind: 'saved', view: saved };
  }
  const bounds = unionOfBounds(imageBounds);
  return bounds ? { kind: 'fit', bounds } : null;
}
