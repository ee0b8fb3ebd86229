// The EPSG registry for the command line: one file of the epsg-index package per code, read from
// node_modules when it is asked for.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { EpsgLoader } from '../core/georef/epsg-registry.ts';

const require = createRequire(import.meta.url);

export const loadEpsgFromPackage: EpsgLoader = async (code) => {
  let path: string;
  try {
    path = require.resolve(`epsg-index/s/${code}.json`);
  } catch {
    return null;
  }
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
};
