// Conformance against GDAL: every image of ../shared/corpus/geotiff with a GDAL reading must match
// it (size, bands, types, nodata, geotransform to 1e-9, overviews, every band's checksum); every
// file GDAL cannot read must fail with a clear error within 2 s. Exits non-zero only for a regression against
// tests/corpus/known-mismatches.json. `--update` rewrites that list from this run.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileReport } from './check-file.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusRoot = resolve(repoRoot, '../shared/corpus/geotiff');
const knownPath = join(repoRoot, 'tests/corpus/known-mismatches.json');
/** GDAL's overviews of the files whose corpus reading was taken without their `.ovr`. */
const externalOverviewsPath = join(repoRoot, 'tests/corpus/external-overviews.gdal.json');
const docPath = join(repoRoot, 'docs/corpus.md');
const FAIL_LIMIT_MS = 2000;
const READ_LIMIT_MS = 120_000;
const WORKERS = 2;

if (!existsSync(corpusRoot)) {
  console.error(
    `The GeoTIFF corpus is missing: expected it at ${corpusRoot} (../shared/corpus/geotiff).`,
  );
  process.exit(2);
}

interface GdalBand {
  type: string;
  checksum: number;
  noDataValue?: number | string;
  /** Overview sizes; the corpus's trimmed readings keep no overview checksums. */
  overviews?: [number, number][];
}
interface GdalInfo {
  size: [number, number];
  geoTransform?: number[];
  bands: GdalBand[];
}
interface GdalExternalOverviews {
  overviews: [number, number][];
  /** [overview][band] */
  overviewChecksums: number[][];
}
const gdalExternalOverviews = JSON.parse(readFileSync(externalOverviewsPath, 'utf8')) as Record<
  string,
  GdalExternalOverviews
>;

interface Case {
  readonly path: string;
  readonly folder: string;
  readonly gdal: GdalInfo | null;
  /** GDAL cannot open the file or cannot read its pixels. */
  readonly expectFailure: boolean;
}

function ensureDir(path: string) {
  mkdirSync(dirname(path), { recursive: true });
}

function listCases(): Case[] {
  const cases: Case[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tiff?$/i.test(name)) {
        const rel = relative(corpusRoot, full);
        const parts = rel.split('/');
        // image-tiff is large: one row per subfolder (images, libtiffpic, fuzz, ...).
        const folder = parts
          .slice(0, parts[0] === 'image-tiff' && parts.length > 2 ? 2 : 1)
          .join('/');
        const infoPath = `${full}.gdalinfo.json`;
        const errorPath = `${full}.gdal-error.txt`;
        if (existsSync(infoPath)) {
          const gdal = JSON.parse(readFileSync(infoPath, 'utf8')) as GdalInfo;
          const pixelsFail = gdal.bands.some((b) => b.checksum === -1);
          cases.push({ path: rel, folder, gdal, expectFailure: pixelsFail });
        } else if (existsSync(errorPath)) {
          cases.push({ path: rel, folder, gdal: null, expectFailure: true });
        }
      }
    }
  };
  walk(corpusRoot);
  return cases;
}

const sameNumber = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) ||
  a === b ||
  Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
const asNumber = (v: number | string | null | undefined) =>
  v === undefined || v === null
    ? null
    : typeof v === 'number'
      ? v
      : Number(v.replace(/^nan$/i, 'NaN'));

/** Why a report does not match GDAL, or null when it does. */
function mismatch(test: Case, report: FileReport): string | null {
  const failed = report.error;
  if (test.expectFailure) {
    if (!failed) {
      return test.gdal ? 'reads pixels GDAL cannot read' : 'opens a file GDAL rejects';
    }
    if (!failed.clean) return `fails with a raw error: ${failed.reason}`;
    if (report.elapsedMs > FAIL_LIMIT_MS) return `fails cleanly but takes ${report.elapsedMs} ms`;
    return null;
  }
  const gdal = test.gdal!;
  if (failed) return `${failed.stage} fails: ${failed.reason}`;
  const info = report.info!;
  if (info.width !== gdal.size[0] || info.height !== gdal.size[1]) {
    return `size ${info.width}x${info.height}, GDAL ${gdal.size.join('x')}`;
  }
  if (info.bandCount !== gdal.bands.length)
    return `${info.bandCount} bands, GDAL ${gdal.bands.length}`;
  const types = gdal.bands.map((b) => b.type);
  if (info.types.join() !== types.join()) return `types ${info.types.join()}, GDAL ${types.join()}`;
  for (let b = 0; b < gdal.bands.length; b++) {
    const ours = asNumber(info.noData[b]);
    const theirs = asNumber(gdal.bands[b].noDataValue);
    // gdalinfo prints a Float32 band's nodata at float precision.
    const float32Equal =
      types[b] === 'Float32' && Math.fround(ours ?? 0) === Math.fround(theirs ?? 0);
    if (
      (ours === null) !== (theirs === null) ||
      (ours !== null && !sameNumber(ours, theirs!) && !float32Equal)
    ) {
      return `band ${b + 1} nodata ${ours}, GDAL ${theirs}`;
    }
  }
  const gt = gdal.geoTransform ?? null;
  if ((gt === null) !== (info.geoTransform === null)) {
    return `geotransform ${JSON.stringify(info.geoTransform)}, GDAL ${JSON.stringify(gt)}`;
  }
  if (gt && info.geoTransform && !gt.every((v, i) => sameNumber(v, info.geoTransform![i]))) {
    return `geotransform ${JSON.stringify(info.geoTransform)}, GDAL ${JSON.stringify(gt)}`;
  }
  // GDAL 3.6 lists overviews in file order, we largest first: compare them as sets of sizes.
  const sizes = (list: readonly (readonly number[])[]) =>
    list
      .map(([w, h]) => `${w}x${h}`)
      .sort()
      .join(', ');
  const gdalOverviews = gdal.bands[0]?.overviews;
  if (gdalOverviews && sizes(gdalOverviews) !== sizes(info.overviews)) {
    return `overviews ${sizes(info.overviews) || 'none'}, GDAL ${sizes(gdalOverviews)}`;
  }
  if (!gdalOverviews && info.overviewSource === 'internal') {
    return `overviews ${sizes(info.overviews)}, GDAL none`;
  }
  if (!gdalOverviews && info.overviewSource === 'external') {
    const external = gdalExternalOverviews[test.path];
    if (!external) return `external overviews ${sizes(info.overviews)} without a GDAL reading`;
    if (sizes(external.overviews) !== sizes(info.overviews)) {
      return `external overviews ${sizes(info.overviews)}, GDAL ${sizes(external.overviews)}`;
    }
    const ours = report.overviewChecksums ?? [];
    const level = external.overviewChecksums.findIndex((c, i) => c.join() !== ours[i]?.join());
    if (level >= 0) {
      return `checksums of external overview ${level}: ${ours[level]?.join() ?? 'none'}, GDAL ${external.overviewChecksums[level].join()}`;
    }
  }
  const wrong = gdal.bands.flatMap((b, i) => (b.checksum === report.checksums![i] ? [] : [i + 1]));
  if (wrong.length > 0) {
    const b = wrong[0] - 1;
    return `checksum of band${wrong.length > 1 ? 's' : ''} ${wrong.join(',')} (${info.compression ?? 'uncompressed'}, ${info.types[b]}): ${report.checksums![b]}, GDAL ${gdal.bands[b].checksum}`;
  }
  return null;
}

class Checker {
  private child: ChildProcess | null = null;

  private spawn(): ChildProcess {
    // A bounded heap turns a runaway allocation into a crash of this child, counted as a failure.
    const child = fork(join(repoRoot, 'tests/corpus/check-file.ts'), [], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=1536'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.resume();
    return child;
  }

  run(test: Case): Promise<FileReport> {
    const child = (this.child ??= this.spawn());
    const limit = test.expectFailure ? FAIL_LIMIT_MS * 3 : READ_LIMIT_MS;
    return new Promise((resolveReport) => {
      const finish = (report: FileReport) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveReport(report);
      };
      const onMessage = (report: FileReport) => finish(report);
      const onExit = (code: number | null, signalName: string | null) => {
        this.child = null;
        finish({
          path: test.path,
          elapsedMs: 0,
          error: {
            stage: 'open',
            reason: `reader process died (${signalName ?? `exit ${code}`})`,
            clean: false,
          },
        });
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        this.child = null;
        finish({
          path: test.path,
          elapsedMs: limit,
          error: { stage: 'open', reason: `no answer within ${limit} ms`, clean: false },
        });
      }, limit);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(join(corpusRoot, test.path));
    });
  }

  stop() {
    this.child?.kill();
  }
}

async function main() {
  const update = process.argv.includes('--update');
  const cases = listCases();
  const known: Record<string, string> = existsSync(knownPath)
    ? (JSON.parse(readFileSync(knownPath, 'utf8')) as Record<string, string>)
    : {};
  const results = new Map<string, string | null>();
  const started = performance.now();
  let next = 0;
  const checkers = Array.from({ length: WORKERS }, () => new Checker());
  await Promise.all(
    checkers.map(async (checker) => {
      while (next < cases.length) {
        const test = cases[next++];
        results.set(test.path, mismatch(test, await checker.run(test)));
      }
      checker.stop();
    }),
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(0);

  const folders = [...new Set(cases.map((c) => c.folder))];
  const rows = folders.map((folder) => {
    const inFolder = cases.filter((c) => c.folder === folder);
    const readable = inFolder.filter((c) => !c.expectFailure);
    const broken = inFolder.filter((c) => c.expectFailure);
    const pass = (list: Case[]) => list.filter((c) => results.get(c.path) === null).length;
    return {
      folder,
      readable: readable.length,
      readPass: pass(readable),
      broken: broken.length,
      brokenPass: pass(broken),
    };
  });
  const total = rows.reduce(
    (t, r) => ({
      readable: t.readable + r.readable,
      readPass: t.readPass + r.readPass,
      broken: t.broken + r.broken,
      brokenPass: t.brokenPass + r.brokenPass,
    }),
    { readable: 0, readPass: 0, broken: 0, brokenPass: 0 },
  );
  const percent = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
  const table = [
    '| source folder | GDAL-readable files matching GDAL | broken files failing cleanly in 2 s |',
    '|---|---|---|',
    ...[...rows, { folder: '**total**', ...total }].map(
      (r) =>
        `| ${r.folder} | ${r.readPass} / ${r.readable} (${percent(r.readPass, r.readable)}) | ${r.brokenPass} / ${r.broken} (${percent(r.brokenPass, r.broken)}) |`,
    ),
  ].join('\n');
  console.log(table);
  console.log(`\n${cases.length} files in ${seconds} s`);

  const failures = cases.filter((c) => results.get(c.path) !== null);
  const regressions = failures.filter((c) => !(c.path in known));
  const fixed = Object.keys(known).filter((path) => results.get(path) === null);
  for (const c of regressions) console.log(`REGRESSION ${c.path}: ${results.get(c.path)}`);
  for (const path of fixed) console.log(`NOW MATCHES (remove from known-mismatches.json): ${path}`);

  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const list = failures.map(
    (c) =>
      `| \`${c.path}\` | ${cell(results.get(c.path)!)} | ${cell(known[c.path] ?? 'new: not yet understood')} |`,
  );
  ensureDir(docPath);
  writeFileSync(
    docPath,
    [
      '# GeoTIFF conformance',
      '',
      'Generated by `npm run test:corpus` (tests/corpus/run.ts) over `../shared/corpus/geotiff`, comparing',
      'with GDAL 3.6.2: size, band count, data types, nodata, geotransform (relative 1e-9), overview',
      "sizes and every band's checksum; files GDAL cannot read must fail with a clear error within 2 s.",
      'A file with an external `NAME.ovr` is opened with it, as GDAL opens it; the corpus readings of',
      'those files were taken without it, so their overview sizes and checksums are compared with',
      "GDAL's reading with the `.ovr` in `tests/corpus/external-overviews.gdal.json`.",
      '',
      table,
      '',
      '## Files that do not match',
      '',
      '| file | what differs | cause |',
      '|---|---|---|',
      ...list,
      '',
    ].join('\n'),
  );
  if (update) {
    const next: Record<string, string> = {};
    for (const c of failures) next[c.path] = known[c.path] ?? results.get(c.path)!;
    writeFileSync(knownPath, JSON.stringify(next, null, 2) + '\n');
    console.log(`wrote ${failures.length} known mismatches`);
    return 0;
  }
  return regressions.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
