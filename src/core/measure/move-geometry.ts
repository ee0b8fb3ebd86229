// Moving an outline over the ground by a distance in metres (a nudge, or a drag the map reports in
// metres): translate it in a transverse Mercator plane centred on it, so its shape, size and
// heading are kept to the plane's accuracy (see local-projection.ts).
import type { Polygon } from 'geojson';
import { boundingBoxCentre, localProjectionAt } from './local-projection.ts';

export function moveGeometryMetres(
  geometry: Polygon,
  eastMetres: number,
  northMetres: number,
): Polygon {
  if (!Number.isFinite(eastMetres) || !Number.isFinite(northMetres)) {
    throw new Error(`Cannot move an outline by ${eastMetres} m east, ${northMetres} m north.`);
  }
  const projection = localProjectionAt(boundingBoxCentre(geometry.coordinates.flat()));
  return {
    type: 'Polygon',
    coordinates: geometry.coordinates.map((ring) =>
      ring.map((position) => {
        const [east, north] = projection.forward(position);
        return projection.inverse([east + eastMetres, north + northMetres]);
      }),
    ),
  };
}
