// Serves the built app (dist/) with `vite preview` on a free local port for the browser tests.
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';

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
  // SITEDIFF_DIST_DIR serves another build folder (`vite build --outDir NAME`), so that two
  // engineers' browser tests on one machine do not rebuild each other's app mid-run.
  const outDir = process.env.SITEDIFF_DIST_DIR ?? 'dist';
  if (!existsSync(resolve(root, outDir, 'index.html'))) {
    throw new Error(`${outDir}/ is missing: run "npm run build" before the end-to-end tests.`);
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
