#!/usr/bin/env node
// The `sitediff` command runs from the TypeScript sources, so a fresh clone needs no build step
// before `npx sitediff ...`: bundled at start by esbuild (bundle-cli.mjs), or, when that cannot be
// done (or SITEDIFF_CLI_LOADER=tsx asks for it, for stack traces that name the sources), through
// tsx's loader, which is slower to start and holds more memory. SITEDIFF_CLI_DEBUG=1 says on
// stderr which of the two ran, and why.
const debug = (line) => {
  if (process.env.SITEDIFF_CLI_DEBUG) process.stderr.write(`sitediff: ${line}\n`);
};
let main = null;
if (process.env.SITEDIFF_CLI_LOADER === 'tsx') debug('running the sources through tsx, as asked');
else {
  try {
    const { bundledMain } = await import('./bundle-cli.mjs');
    const entry = await bundledMain(process.env.SITEDIFF_CLI_CACHE || undefined);
    ({ main } = await import(entry));
    debug(`running the bundle ${entry}`);
  } catch (error) {
    debug(`running the sources through tsx: the bundle failed (${error?.message ?? error})`);
    main = null;
  }
}
if (!main) {
  const { tsImport } = await import('tsx/esm/api');
  ({ main } = await tsImport('./main.ts', import.meta.url));
}
process.exitCode = await main(process.argv.slice(2));
