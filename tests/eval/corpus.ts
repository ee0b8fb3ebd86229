// Access to the research-use change corpus in ../shared (never copied into the repository).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromArrayBuffer } from 'geotiff';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusRoot = resolve(repoRoot, '../shared/corpus/change');

export function requireCorpus(): string {
  if (!existsSync(corpusRoot)) {
    throw new Error(
      `The change corpus is missing: expected it at ${corpusRoot} (../shared/corpus/change from the repository root).`,
    );
  }
  return corpusRoot;
}

export interface CorpusPair {
  readonly set: string;
  readonly name: string;
  readonly directory: string;
}

/** Every folder holding before.tif, after.tif and truth.tif, by set then name. */
export function corpusPairs(): CorpusPair[] {
  const root = requireCorpus();
  const pairs: CorpusPair[] = [];
  for (const set of readdirSync(root, { withFileTypes: true })) {
    if (!set.isDirectory()) continue;
    for (const entry of readdirSync(join(root, set.name), { withFileTypes: true })) {
      const directory = join(root, set.name, entry.name);
      if (entry.isDirectory() && existsSync(join(directory, 'truth.tif')))
        pairs.push({ set: set.name, name: entry.name, directory });
    }
  }
  return pairs.sort((a, b) => (a.set + a.name).localeCompare(b.set + b.name));
}

/** Reads `file` (before.tif, after.tif, truth.tif) of the corpus pair called `name`. */
export async function readCorpusImage(name: string, file: string) {
  const pair = corpusPairs().find((p) => p.name === name);
  if (!pair) throw new Error(`No pair called ${name} in ${corpusRoot}.`);
  return readBands(join(pair.directory, file));
}

/** Decodes one single-image GeoTIFF into band arrays (test helper; the app reads through core). */
export async function readBands(path: string) {
  const bytes = readFileSync(path);
  const tiff = await fromArrayBuffer(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  const image = await tiff.getImage();
  const rasters = (await image.readRasters()) as unknown as ArrayLike<number>[] & {
    width: number;
    height: number;
  };
  const bands = Array.from({ length: image.getSamplesPerPixel() }, (_, i) =>
    Uint8Array.from(rasters[i]),
  );
  return { width: image.getWidth(), height: image.getHeight(), bands };
}
