// Child process of the corpus runner: opens each file it is sent, reads every band, and answers
// with what it found. Running files here keeps a hang or an out-of-memory from taking the runner
// down: the parent kills this process on timeout and starts another.
import { configureNodeDecoders } from '../../src/cli/node-decoders.ts';
import { nodeFileSource, openExternalOverviews } from '../../src/cli/node-file-source.ts';
import { imageChecksums } from '../../src/core/raster/image-checksums.ts';
import { openGeoTiff } from '../../src/core/raster/open-geotiff.ts';

export interface FileReport {
  readonly path: string;
  readonly elapsedMs: number;
  readonly info?: {
    width: number;
    height: number;
    bandCount: number;
    types: string[];
    noData: (number | string | null)[];
    geoTransform: number[] | null;
    compression: string | null;
    /** Largest first. */
    overviews: [number, number][];
    overviewSource: 'internal' | 'external' | 'none';
  };
  readonly checksums?: number[];
  /** Per overview, per band; read only for external `.ovr` overviews, the newer code path. */
  readonly overviewChecksums?: number[][];
  /** Where it failed and why; `clean` is false for anything but a GeoTiffReadError. */
  readonly error?: { stage: 'open' | 'read'; reason: string; clean: boolean };
}

const jsonNumber = (v: number | null) => (v !== null && !Number.isFinite(v) ? String(v) : v);

async function check(path: string): Promise<FileReport> {
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  const describeError = (stage: 'open' | 'read', error: unknown) => ({
    stage,
    reason: error instanceof Error ? error.message : String(error),
    clean: error instanceof Error && error.name === 'GeoTiffReadError',
  });
  const source = await nodeFileSource(path);
  // The .ovr beside the file, found as `sitediff info` finds it.
  const overviews = await openExternalOverviews(path);
  try {
    let image;
    try {
      await configureNodeDecoders();
      image = await openGeoTiff(source, { name: path, externalOverviews: overviews?.source });
    } catch (error) {
      return { path, elapsedMs: elapsedMs(), error: describeError('open', error) };
    }
    const { info } = image;
    const summary = {
      width: info.width,
      height: info.height,
      bandCount: info.bandCount,
      types: info.bands.map((b) => b.dataType),
      noData: info.bands.map((b) => jsonNumber(b.noData)),
      geoTransform: info.geoTransform ? [...info.geoTransform] : null,
      compression: info.compression,
      overviews: info.overviews.map(([w, h]): [number, number] => [w, h]),
      overviewSource: info.overviewSource,
    };
    try {
      const checksums = await imageChecksums(image);
      const overviewChecksums: number[][] = [];
      if (info.overviewSource === 'external') {
        for (let overview = 0; overview < info.overviews.length; overview++) {
          overviewChecksums.push(await imageChecksums(image, overview));
        }
      }
      return { path, elapsedMs: elapsedMs(), info: summary, checksums, overviewChecksums };
    } catch (error) {
      return { path, elapsedMs: elapsedMs(), info: summary, error: describeError('read', error) };
    }
  } finally {
    await source.close();
    await overviews?.source.close();
  }
}

process.on('message', (path: string) => {
  check(path).then(
    (report) => process.send?.(report),
    (error: unknown) =>
      process.send?.({
        path,
        elapsedMs: 0,
        error: { stage: 'open', reason: String(error), clean: false },
      } satisfies FileReport),
  );
});
