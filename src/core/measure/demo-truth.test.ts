// Measurement of the demo site's true footprints (fixtures/demo-site/truth.geojson) against an
// independent route: the outline's area in the UTM 52N grid divided by the square of the UTM point
// scale factor (Snyder 1987, eq. 8-1 on the sphere: k = k0 / √(1 − (cos φ sin Δλ)²)).
import type { FeatureCollection, Polygon } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import truthText from '../../../fixtures/demo-site/truth.geojson?raw';
import { compareFootprints } from './compare.ts';
import { measureFootprint } from './footprint-measurement.ts';

const truth = JSON.parse(truthText) as FeatureCollection<Polygon, { id: string; name: string }>;
const toUtm = proj4('WGS84', '+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs');

function utmGridAreaSquareMetres(ring: readonly number[][]): number {
  const points = ring.map(([lon, lat]) => toUtm.forward([lon, lat]));
  let twice = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    twice += points[i][0] * points[i + 1][1] - points[i + 1][0] * points[i][1];
  }
  return Math.abs(twice) / 2;
}

function utmScaleFactor(longitude: number, latitude: number): number {
  const b = Math.cos((latitude * Math.PI) / 180) * Math.sin(((longitude - 129) * Math.PI) / 180);
  return 0.9996 / Math.sqrt(1 - b * b);
}

describe('measurement of the demo site truth', () => {
  it('has the buildings the story needs', () => {
    const ids = truth.features.map((feature) => feature.properties.id);
    expect(ids).toContain('main-assembly');
    expect(ids).toContain('new-assembly');
  });

  for (const feature of truth.features) {
    it(`measures ${feature.properties.id} like its UTM grid area over k²`, () => {
      const ring = feature.geometry.coordinates[0];
      const [longitude, latitude] = ring[0];
      const expected = utmGridAreaSquareMetres(ring) / utmScaleFactor(longitude, latitude) ** 2;
      const measured = measureFootprint(feature.geometry).areaSquareMetres;
      expect(Math.abs(measured / expected - 1)).toBeLessThan(1e-5);
    });
  }

  it('says the new assembly building is about two thirds the size of the main one', () => {
    const byId = new Map(truth.features.map((feature) => [feature.properties.id, feature]));
    const measure = (id: string, label: string) => ({
      label,
      ...measureFootprint(byId.get(id)!.geometry, { gsdMetres: 0.5 }),
    });
    const comparison = compareFootprints(
      measure('new-assembly', 'new assembly building'),
      measure('main-assembly', 'main assembly building'),
    );
    expect(comparison.ratio).toBeGreaterThan(0.6);
    expect(comparison.ratio).toBeLessThan(0.7);
    expect(comparison.sentence).toMatch(
      /^The new assembly building's footprint is 6\d% \(6\d–6\d%\) the size of the main assembly building's — about 3\d% smaller\.$/,
    );
  });
});
