// The command line's TypeScript sources bundled by esbuild into plain modules (one per command,
// loaded lazily as from the sources), cached by their content. Measured on a 4096² RGB pair
// (docs/benchmarks.md): `sitediff detect` through tsx's loader peaked 366–376 MB resident,
// bundled 332–340 MB, and started 0.2 s sooner; tsx and its loader thread add about 37 MB to
// Node's 39. Bundling takes 0.14–0.22 s with esbuild's own start (`sitediff help` 0.30–0.32 s,
// through tsx 0.39–0.41 s), so it runs on every start and no build step or stale output can
// exist.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const repositoryRoot = join(import.meta.dirname, '..', '..');

/** Cached bundles no start has used for this long are removed when a new one is written. */
const staleMilliseconds = 24 * 60 * 60 * 1000;

/**
 * The file URL of the bundled `src/cli/main.ts`, written under `cacheDir` (by default
 * node_modules/.cache/sitediff-cli, where the bundle's bare imports resolve to the installed
 * packages) unless the same bundle is already there. Throws when esbuild or the folder fail.
 */
export async function bundledMain(
  cacheDir = join(repositoryRoot, 'node_modules', '.cache', 'sitediff-cli'),
) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(repositoryRoot, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay imports, resolved from node_modules as they are when the sources run.
    packages: 'external',
    splitting: true,
    outdir: 'bundle',
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(basename(file.path)).update(file.contents);
  const name = hash.digest('hex').slice(0, 16);
  const folder = join(cacheDir, name);
  const main = join(folder, 'main.mjs');
  const exists = await stat(main).then(
    () => true,
    () => false,
  );
  // Marked as used, so that another start's clean-up (below) takes only bundles no start has used
  // for a day: a running command may still load some of its modules (codecs) when first needed.
  if (exists) await utimes(folder, new Date(), new Date()).catch(() => {});
  else {
    // Written beside and renamed into place, so a concurrent start never imports half a bundle.
    const partial = `${folder}.${process.pid}.partial`;
    await mkdir(partial, { recursive: true });
    for (const file of result.outputFiles)
      await writeFile(join(partial, basename(file.path)), file.contents);
    try {
      await rename(partial, folder);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      // Another start wrote the same bundle first.
      if (!(await stat(main).catch(() => null))) throw error;
    }
    await removeStale(cacheDir, name);
  }
  return pathToFileURL(main).href;
}

async function removeStale(cacheDir, keep) {
  const now = Date.now();
  for (const entry of await readdir(cacheDir)) {
    if (entry === keep) continue;
    const path = join(cacheDir, entry);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > staleMilliseconds)
      await rm(path, { recursive: true, force: true });
  }
}
