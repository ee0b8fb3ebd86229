// EPSG names for the worker's images. The registry is handed in by the worker's entry point (the
// browser fetches the bundled epsg-index table, tests read the package), so these functions stay
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

/**
 * A loader over a table of every code (epsg-index's all.json: names without WKT, 8 MB) fetched
 * once from `url` when the first image with an EPSG code opens, rather than one file per code.
 */
export function tableLoader(url: string): EpsgLoader {
  let table: Promise<Record<string, unknown>> | null = null;
  return async (code) => {
    table ??= fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status} for the EPSG table`);
      return (await response.json()) as Record<string, unknown>;
    });
    return (await table)[String(code)] ?? null;
  };
}
