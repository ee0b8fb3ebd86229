/** The file URL of the bundled `src/cli/main.ts` (see bundle-cli.mjs). */
export function bundledMain(cacheDir?: string): Promise<string>;
