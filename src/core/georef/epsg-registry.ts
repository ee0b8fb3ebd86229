// Names and WKT of EPSG codes, from the per-code files of the epsg-index package (s/CODE.json, an
// export of the EPSG registry with OGC WKT 1 as GDAL writes it). Core opens no files: the caller
// passes a loader, so Node reads one file and a browser worker imports one JSON chunk, and no one
// loads all ~8000 codes.
import { z } from 'zod';
import type { Crs } from './crs.ts';

/** The JSON of one code, or null when the registry has no such code. */
export type EpsgLoader = (code: number) => Promise<unknown>;

/** The fields of epsg-index's s/CODE.json that we use; others are kept out. */
const epsgEntrySchema = z.object({
  code: z.string().regex(/^\d+$/),
  /** "CRS-PROJCRS", "CRS-GEOGCRS", "CRS-GEOG3DCRS", ...; other kinds are not CRSs. */
  kind: z.string(),
  name: z.string().min(1),
  wkt: z.string().nullable().optional(),
});

export interface EpsgEntry {
  readonly code: number;
  readonly kind: string;
  readonly name: string;
  /** OGC WKT 1, or null when the registry export has none for this code. */
  readonly wkt: string | null;
}

/** A registry file's content as an entry for `code`, or null when it is not a CRS of that code. */
export function parseEpsgEntry(code: number, json: unknown): EpsgEntry | null {
  const parsed = epsgEntrySchema.safeParse(json);
  if (!parsed.success || Number(parsed.data.code) !== code) return null;
  if (!parsed.data.kind.startsWith('CRS-')) return null;
  const wkt = parsed.data.wkt?.trim();
  return { code, kind: parsed.data.kind, name: parsed.data.name, wkt: wkt ? wkt : null };
}

/** The registry's entry for `code`; null when the loader has none or fails. */
export async function lookUpEpsg(code: number, load: EpsgLoader): Promise<EpsgEntry | null> {
  if (!Number.isInteger(code) || code <= 0) return null;
  try {
    return parseEpsgEntry(code, await load(code));
  } catch {
    // A missing or unreadable entry costs the name and WKT only; the CRS itself is known.
    return null;
  }
}

/**
 * `crs` with the registry's name and WKT when it is an EPSG code the registry knows; unchanged
 * otherwise (user-defined CRSs keep their citation as name and no WKT).
 */
export async function crsWithRegistryEntry(crs: Crs, load: EpsgLoader): Promise<Crs> {
  if (crs.epsg === null) return crs;
  const entry = await lookUpEpsg(crs.epsg, load);
  return entry ? { ...crs, name: entry.name, wkt: entry.wkt } : crs;
}
