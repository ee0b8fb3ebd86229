// A metric plane centred on a footprint, for the planar steps of measurement (oriented rectangle,
// outline offset). Transverse Mercator on WGS 84 (proj4's Poder/Engsager "etmerc" series) with its
// central meridian and origin at the footprint's centre and scale 1 there. Its grid north is true
// north along the central meridian, and its point scale is 1 + x²/(2R²) at x metres from it
// (Snyder 1987, eq. 8-7 to first order): 3·10⁻⁹ at 500 m, 1.2·10⁻⁸ at 1 km, so lengths in this
// plane are within 0.01 mm/km and areas within 2.5·10⁻⁸ of the ellipsoidal ones for anything a
// footprint could be. Grid convergence is 0 on the central meridian and ~Δλ·sin φ beside it
// (0.006° at 500 m, 40° N), the error of an angle read here.
import type { Position } from 'geojson';
import proj4 from 'proj4';

declare const localBrand: unique symbol;
/** Metres east and north of the projection's centre. */
export type LocalPoint = readonly [eastMetres: number, northMetres: number] & {
  readonly [localBrand]: true;
};
export const localPoint = (eastMetres: number, northMetres: number) =>
  [eastMetres, northMetres] as unknown as LocalPoint;

export interface LocalProjection {
  readonly centre: Position;
  forward(lonLat: Position): LocalPoint;
  inverse(point: readonly [number, number]): [longitude: number, latitude: number];
}

export function localProjectionAt(centre: Position): LocalProjection {
  const [longitude, latitude] = centre;
  if (!(Math.abs(latitude) <= 90) || !Number.isFinite(longitude)) {
    throw new Error(`No local projection at longitude ${longitude}, latitude ${latitude}.`);
  }
  const converter = proj4(
    'EPSG:4326',
    `+proj=tmerc +lat_0=${latitude} +lon_0=${longitude} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs`,
  );
  return {
    centre: [longitude, latitude],
    forward: (lonLat) => {
      const [east, north] = converter.forward([lonLat[0], lonLat[1]]);
      return localPoint(east, north);
    },
    inverse: (point) => {
      const [lon, lat] = converter.inverse([point[0], point[1]]);
      return [lon, lat];
    },
  };
}

/** Centre of the bounding box of some lon/lat points (footprints never cross the antimeridian). */
export function boundingBoxCentre(points: readonly Position[]): Position {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [longitude, latitude] of points) {
    west = Math.min(west, longitude);
    east = Math.max(east, longitude);
    south = Math.min(south, latitude);
    north = Math.max(north, latitude);
  }
  return [(west + east) / 2, (south + north) / 2];
}
