// Stage 7: labelled change components to RFC 7946 features in lon/lat, each with the measures an
// analyst reviews: geodesic area and perimeter (never Web Mercator), mean and max score, the
// region's oriented minimum-area rectangle, and the footprint candidates found inside the region
// from the after image's appearance, each with its own rectangle (footprint-candidates.ts).
import { simplify } from '@turf/simplify';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { pixelPoint, pixelToProjected, type GeoTransform } from '../georef/affine.ts';
import type { ChangeComponent } from '../change/connected-components.ts';
import type { GridBands } from '../change/common-grid.ts';
import { geodesicAreaSquareMetres, geodesicPerimeterMetres } from '../measure/geodesic.ts';
import { orientedRectangleLonLat } from '../measure/oriented-rectangle.ts';
import { afterAppearance, footprintCandidates } from './footprint-candidates.ts';
import { traceComponent, type PixelRing } from './trace-boundaries.ts';

export interface OrientedRectangleProperties {
  readonly lengthMetres: number;
  readonly widthMetres: number;
  /** Azimuth of the long side, degrees clockwise from north in [0, 180). */
  readonly angleDegrees: number;
  /** Closed lon/lat ring of the rectangle, counter-clockwise. */
  readonly ring: Position[];
}

/** A compact part of a region that stands out from its ground in the after image. */
export interface FootprintCandidate {
  /** Geodesic area of the part itself (not of its rectangle). */
  readonly areaSquareMetres: number;
  readonly orientedRectangle: OrientedRectangleProperties;
}

export interface ChangeRegionProperties {
  readonly id: number;
  readonly areaSquareMetres: number;
  readonly perimeterMetres: number;
  readonly pixelCount: number;
  readonly meanScore: number;
  readonly maxScore: number;
  /**
   * Share of the region's pixels whose structure gain passed its threshold: near 1 for a new
   * building found by its shape, 0 for a change of colour alone; null when the structure gain is
   * off. See building-index.ts.
   */
  readonly structureShare: number | null;
  readonly orientedRectangle: OrientedRectangleProperties;
  /**
   * The buildings (or other objects) inside the region, largest first, each with its own
   * rectangle; empty when nothing in the region stands out from its ground, or without the after
   * image. See footprint-candidates.ts.
   */
  readonly footprintCandidates: readonly FootprintCandidate[];
}

export type ChangeRegion = Feature<Polygon, ChangeRegionProperties>;

export interface VectoriseOptions {
  /** Douglas–Peucker tolerance in pixels (about one pixel removes the staircase of pixel edges). */
  readonly simplifyPixels?: number;
  /** After's bands on the labels' grid: the appearance that separates a building from its yard. */
  readonly afterBands?: GridBands;
  /** Per label, the share of its pixels whose structure gain passed the threshold. */
  readonly structureShares?: ReadonlyMap<number, number>;
  readonly signal?: AbortSignal;
}

/** Shoelace area of a lon/lat ring; positive when counter-clockwise (RFC 7946 exterior). */
function signedArea(ring: Position[]): number {
  let area = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return area / 2;
}

function simplifyRings(rings: PixelRing[], tolerance: number): PixelRing[] {
  if (tolerance <= 0) return rings;
  const simplified: PixelRing[] = [];
  for (const ring of rings) {
    if (ring.length <= 5) {
      simplified.push(ring);
      continue;
    }
    const result = simplify(
      { type: 'Polygon', coordinates: [ring] },
      { tolerance, highQuality: true, mutate: false },
    );
    const out = result.coordinates[0] as PixelRing;
    if (out.length >= 4) simplified.push(out);
  }
  return simplified;
}

/** Rings of pixel-corner coordinates to lon/lat, oriented as RFC 7946 wants. */
function lonLatPolygon(
  rings: PixelRing[],
  geoTransform: GeoTransform,
  toLonLat: (xy: readonly [number, number]) => [number, number],
  offset: readonly [column: number, row: number] = [0, 0],
): Polygon {
  const coordinates = rings.map((ring, index) => {
    const lonLat = ring.map(([column, row]) => {
      const p = pixelToProjected(geoTransform, pixelPoint(column + offset[0], row + offset[1]));
      return toLonLat([p[0], p[1]]) as Position;
    });
    // Exterior counter-clockwise, holes clockwise (RFC 7946 §3.1.6), whatever the grid's handedness.
    const exterior = index === 0;
    if (exterior !== signedArea(lonLat) > 0) lonLat.reverse();
    return lonLat;
  });
  return { type: 'Polygon', coordinates };
}

function rectangleProperties(geometry: Polygon): OrientedRectangleProperties {
  const rectangle = orientedRectangleLonLat(geometry);
  return {
    lengthMetres: rectangle.lengthMetres,
    widthMetres: rectangle.widthMetres,
    angleDegrees: rectangle.angleDegrees,
    ring: [...rectangle.corners, rectangle.corners[0]].map((c) => [c[0], c[1]]),
  };
}

export function vectoriseComponents(
  labels: Int32Array,
  width: number,
  components: readonly ChangeComponent[],
  geoTransform: GeoTransform,
  toLonLat: (xy: readonly [number, number]) => [number, number],
  options: VectoriseOptions = {},
): FeatureCollection<Polygon, ChangeRegionProperties> {
  const tolerance = options.simplifyPixels ?? 1;
  const appearance = options.afterBands && afterAppearance(options.afterBands);
  const features: ChangeRegion[] = [];
  for (const component of components) {
    options.signal?.throwIfAborted();
    const traced = traceComponent(labels, width, component);
    const rings = simplifyRings(traced.rings, tolerance);
    if (rings.length === 0) continue;
    const geometry = lonLatPolygon(rings, geoTransform, toLonLat);
    const areaSquareMetres = geodesicAreaSquareMetres(geometry);
    const candidates = appearance
      ? footprintCandidates(labels, width, component, appearance, {
          pixelSizeMetres: Math.sqrt(areaSquareMetres / component.pixelCount),
        })
      : [];
    const footprints: FootprintCandidate[] = [];
    for (const candidate of candidates) {
      const outline = simplifyRings(
        traceComponent(candidate.labels, candidate.columns, candidate.component).rings,
        tolerance,
      );
      if (outline.length === 0) continue;
      // Holes do not change a footprint's rectangle and a building's roof has none.
      const part = lonLatPolygon(outline.slice(0, 1), geoTransform, toLonLat, [
        candidate.column,
        candidate.row,
      ]);
      footprints.push({
        areaSquareMetres: geodesicAreaSquareMetres(part),
        orientedRectangle: rectangleProperties(part),
      });
    }
    features.push({
      type: 'Feature',
      geometry,
      properties: {
        id: component.label,
        areaSquareMetres,
        perimeterMetres: geodesicPerimeterMetres(geometry),
        pixelCount: component.pixelCount,
        meanScore: component.meanScore,
        maxScore: component.maxScore,
        structureShare: options.structureShares?.get(component.label) ?? null,
        orientedRectangle: rectangleProperties(geometry),
        footprintCandidates: footprints,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
