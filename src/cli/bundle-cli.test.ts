import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledMain } from './bundle-cli.mjs';
import { repositoryRoot } from './sitediff-process.ts';

// Inside node_modules, as the real cache is: the bundle's package imports resolve from there.
const cache = join(repositoryRoot, 'node_modules', '.cache', `sitediff-cli-test-${process.pid}`);
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('the bundled command line', () => {
  it('bundles main and its commands once per content, and the bundle runs', async () => {
    const url = await bundledMain(cache);
    const folder = join(fileURLToPath(url), '..');
    const files = readdirSync(folder);
    // One module per command besides main: they still load lazily.
    for (const command of ['detect', 'info', 'measure'])
      expect(files.some((f) => f.startsWith(`${command}-`))).toBe(true);
    const written = statSync(fileURLToPath(url)).mtimeMs;
    // A start that finds its bundle marks the folder as used, without rewriting the files.
    const longAgo = new Date(Date.now() - 3 * 86_400_000);
    utimesSync(folder, longAgo, longAgo);
    expect(await bundledMain(cache)).toBe(url);
    expect(statSync(fileURLToPath(url)).mtimeMs).toBe(written);
    expect(Date.now() - statSync(folder).mtimeMs).toBeLessThan(60_000);
    const { main } = (await import(url)) as { main: (args: string[]) => Promise<number> };
    expect(await main(['help'])).toBe(0);
  }, 60_000);

  it('removes bundles unused for a day when it writes a new one, and keeps recent ones', async () => {
    rmSync(cache, { recursive: true, force: true });
    const old = join(cache, 'old-bundle');
    const recent = join(cache, 'recent-bundle');
    for (const folder of [old, recent]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'main.mjs'), '');
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    utimesSync(recent, twoHoursAgo, twoHoursAgo);
    await bundledMain(cache);
    const left = readdirSync(cache);
    expect(left).not.toContain('old-bundle');
    expect(left).toContain('recent-bundle');
    expect(left).toHaveLength(2);
  }, 60_000);

  it('falls back to running the sources through tsx when it cannot bundle', async () => {
    const run = (env: Record<string, string>) =>
      promisify(execFile)(process.execPath, [join(repositoryRoot, 'src/cli/bin.mjs'), 'help'], {
        env: { ...process.env, SITEDIFF_CLI_DEBUG: '1', ...env },
      });
    const bundled = await run({});
    expect(bundled.stderr).toMatch(/running the bundle file:.*main\.mjs/);
    // A cache folder that cannot be created: under a regular file.
    const file = join(repositoryRoot, 'node_modules', '.cache', `not-a-folder-${process.pid}`);
    writeFileSync(file, '');
    try {
      const fallback = await run({ SITEDIFF_CLI_CACHE: join(file, 'cache') });
      expect(fallback.stdout).toBe(bundled.stdout);
      expect(fallback.stdout).toMatch(/sitediff detect/);
      expect(fallback.stderr).toMatch(/through tsx: the bundle failed/);
    } finally {
      rmSync(file, { force: true });
    }
    const forced = await run({ SITEDIFF_CLI_LOADER: 'tsx' });
    expect(forced.stdout).toBe(bundled.stdout);
    expect(forced.stderr).toMatch(/through tsx, as asked/);
  }, 60_000);
});
