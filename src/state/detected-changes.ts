// Change regions from the detector become the project's detected changes, awaiting review.
import type { Feature, Polygon } from 'geojson';
import type { DetectedChange } from '../core/schema/project.ts';

interface RegionProperties {
  readonly id: number;
  readonly areaSquareMetres: number;
  readonly meanScore: number;
}

export function detectedChangesFromRegions(
  regions: readonly Feature<Polygon, RegionProperties>[],
): DetectedChange[] {
  return regions.map((region) => ({
    id: `change-${region.properties.id}`,
    geometry: { type: 'Polygon', coordinates: region.geometry.coordinates },
    areaSquareMetres: region.properties.areaSquareMetres,
    score: region.properties.meanScore,
    review: 'unreviewed',
    note: '',
    footprintId: null,
  }));
}
