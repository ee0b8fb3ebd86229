// Serves the built app (dist/) with `vite preview` on a free local port for the browser tests.
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer as createViteServer, preview, type PreviewServer } from 'vite';

const root = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function startAppServer(): Promise<{ url: string; close(): Promise<void> }> {
  // SITEDIFF_DIST_DIR (read by vite.config.ts too) builds and serves another folder, so that two
  // sets of browser tests on one machine do not rebuild each other's app mid-run.
  const folder = process.env.SITEDIFF_DIST_DIR ?? 'dist';
  const outDir = resolve(root, folder);
  if (!existsSync(resolve(outDir, 'index.html'))) {
    const build = folder === 'dist' ? 'npm run build' : `SITEDIFF_DIST_DIR=${folder} npm run build`;
    throw new Error(`${folder}/ is missing: run "${build}" before the end-to-end tests.`);
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    configFile: resolve(root, 'vite.config.ts'),
    preview: { port, host: '127.0.0.1', strictPort: true },
    build: { outDir },
    logLevel: 'warn',
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}

/** The development server that `npm start` runs (README quick start), on a free local port. */
export async function startDevServer(): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = await createViteServer({
    configFile: resolve(root, 'vite.config.ts'),
    server: { port, host: '127.0.0.1', strictPort: true },
    logLevel: 'warn',
  });
  await server.listen();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}
