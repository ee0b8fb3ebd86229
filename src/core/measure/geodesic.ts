// Areas and perimeters of lon/lat polygons on the WGS 84 ellipsoid, through GeographicLib's
// PolygonArea (Karney 2013, "Algorithms for geodesics", J. Geodesy 87, §6): exact to round-off for
// polygons whose edges are geodesics, unlike @turf/turf's spherical area (~0.1% off at 40° N).
import geographicLib from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** A ring of [longitude, latitude] degrees, closed (RFC 7946) or not. */
export type LonLatRing = readonly Position[];
/** Polygon coordinates as in RFC 7946: the outer ring first, then its holes. */
export type LonLatPolygon = readonly LonLatRing[];

const wgs84 = geographicLib.Geodesic.WGS84;

/** The ring's vertices without the repeated closing vertex. */
function openRing(ring: LonLatRing): LonLatRing {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) return ring.slice(0, -1);
  return ring;
}

function measureRing(ring: LonLatRing): { areaSquareMetres: number; perimeterMetres: number } {
  const polygon = wgs84.Polygon(false);
  for (const [longitude, latitude] of openRing(ring)) polygon.AddPoint(latitude, longitude);
  // sign=true gives the signed area (counter-clockwise positive); footprints are far smaller than
  // a hemisphere, so the magnitude is the enclosed area whichever way the ring was drawn.
  const { area = 0, perimeter } = polygon.Compute(false, true);
  return { areaSquareMetres: Math.abs(area), perimeterMetres: perimeter };
}

/** Enclosed area of one ring, ignoring its orientation, in square metres. */
export function geodesicRingAreaSquareMetres(ring: LonLatRing): number {
  return measureRing(ring).areaSquareMetres;
}

/** Length of one closed ring (its closing edge included), in metres. */
export function geodesicRingPerimeterMetres(ring: LonLatRing): number {
  return measureRing(ring).perimeterMetres;
}

function polygonsOf(shape: LonLatPolygon | Polygon | MultiPolygon): readonly LonLatPolygon[] {
  if (Array.isArray(shape)) return [shape as LonLatPolygon];
  const geometry = shape as Polygon | MultiPolygon;
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Area of the outer ring(s) less their holes, in square metres. */
export function geodesicAreaSquareMetres(shape: LonLatPolygon | Polygon | MultiPolygon): number {
  let total = 0;
  for (const [outer, ...holes] of polygonsOf(shape)) {
    if (!outer) continue;
    total += geodesicRingAreaSquareMetres(outer);
    for (const hole of holes) total -= geodesicRingAreaSquareMetres(hole);
  }
  return total;
}

/** Length of the whole boundary, holes included (the OGC perimeter), in metres. */
export function geodesicPerimeterMetres(shape: LonLatPolygon | Polygon | MultiPolygon): number {
  let total = 0;
  for (const rings of polygonsOf(shape)) {
    for (const ring of rings) total += geodesicRingPerimeterMetres(ring);
  }
  return total;
}

/** Length of the outer ring(s) alone, in metres: the outline a reader sees around a building. */
export function geodesicOuterPerimeterMetres(
  shape: LonLatPolygon | Polygon | MultiPolygon,
): number {
  let total = 0;
  for (const [outer] of polygonsOf(shape)) if (outer) total += geodesicRingPerimeterMetres(outer);
  return total;
}

/** Geodesic distance between two lon/lat points, in metres. */
export function geodesicDistanceMetres(from: Position, to: Position): number {
  return geodesicSeparation(from, to).metres;
}

/** Distance (metres) and initial bearing (degrees clockwise from north) from one point to another. */
export function geodesicSeparation(
  from: Position,
  to: Position,
): { readonly metres: number; readonly bearingDegrees: number } {
  const { s12 = 0, azi1 = 0 } = wgs84.Inverse(from[1], from[0], to[1], to[0]);
  return { metres: s12, bearingDegrees: (azi1 + 360) % 360 };
}
