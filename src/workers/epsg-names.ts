// EPSG names for the worker's images. The registry is handed in by the worker's entry point (the
// browser imports the names bundled from epsg-index, tests read the package), so these functions stay
// runnable anywhere; without one, CRS names stay those the file's geokeys give.
import type { Crs } from '../core/georef/crs.ts';
import { crsWithRegistryEntry, type EpsgLoader } from '../core/georef/epsg-registry.ts';

let loader: EpsgLoader | null = null;

export function configureEpsgRegistry(load: EpsgLoader | null): void {
  loader = load;
}

/** `crs` named as the EPSG registry names its code (GDAL's names), when a registry is set. */
export function withEpsgName(crs: Crs | null): Promise<Crs | null> {
  if (!crs || !loader) return Promise.resolve(crs);
  return crsWithRegistryEntry(crs, loader);
}
