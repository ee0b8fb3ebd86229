// The demo site's truth.geojson, for the browser tests that draw over or find its buildings.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { centroid, polygon } from '@turf/turf';

export interface TruthFeature {
  properties: { id: string; status: string; areaSquareMetres: number };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
}

const truth = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/demo-site/truth.geojson'), 'utf8'),
) as { features: TruthFeature[] };

export function truthFeature(id: string): TruthFeature {
  const feature = truth.features.find((f) => f.properties.id === id);
  if (!feature) throw new Error(`truth.geojson has no ${id}`);
  return feature;
}

/** The outer ring of a building, closed. */
export const truthRing = (id: string) => truthFeature(id).geometry.coordinates[0];

export const truthCentre = (id: string) =>
  centroid(polygon(truthFeature(id).geometry.coordinates)).geometry.coordinates as [number, number];
