// `sitediff info FILE [--json] [--checksum]`: what sitediff reads from a GeoTIFF, in the terms of
// gdalinfo, so the two can be compared line by line.
import { basename } from 'node:path';
import { crsWithRegistryEntry } from '../core/georef/epsg-registry.ts';
import { imageChecksums } from '../core/raster/image-checksums.ts';
import { formatInfoText, infoJson } from '../core/raster/info-summary.ts';
import { openGeoTiff } from '../core/raster/open-geotiff.ts';
import { infoSchema } from '../core/schema/info.ts';
import { loadEpsgFromPackage } from './epsg-package-loader.ts';
import { configureNodeDecoders } from './node-decoders.ts';
import { nodeFileSource, openExternalOverviews } from './node-file-source.ts';

const usage = 'usage: sitediff info FILE [--json] [--checksum]';

/** GDAL's checksum of each band at full resolution and at each overview, as gdalinfo prints them. */
async function checksums(
  image: Awaited<ReturnType<typeof openGeoTiff>>,
): Promise<{ checksums: number[]; overviewChecksums: number[][] }> {
  const perLevel: number[][] = [];
  for (let overview = 0; overview < image.info.overviews.length; overview++) {
    perLevel.push(await imageChecksums(image, overview));
  }
  return {
    checksums: await imageChecksums(image),
    overviewChecksums: image.info.bands.map((_, band) => perLevel.map((level) => level[band])),
  };
}

function openFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

async function run(args: string[]): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--json' && f !== '--checksum');
  if (files.length !== 1 || unknown.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 1;
  }
  const [file] = files;
  let source;
  try {
    source = await nodeFileSource(file);
  } catch (error) {
    process.stderr.write(`sitediff info: ${file}: ${openFailure(error)}\n`);
    return 1;
  }
  const overviews = await openExternalOverviews(file);
  try {
    await configureNodeDecoders();
    const image = await openGeoTiff(source, {
      name: basename(file),
      externalOverviews: overviews?.source,
    });
    const crs = image.info.crs && (await crsWithRegistryEntry(image.info.crs, loadEpsgFromPackage));
    const json = infoSchema.parse(
      infoJson(
        { ...image.info, crs },
        {
          file,
          externalOverviewsFile: image.info.overviewSource === 'external' ? overviews?.path : null,
          ...(flags.has('--checksum') ? await checksums(image) : {}),
        },
      ),
    );
    // Like GDAL's "Warning 1: ..." lines: on stderr, with the description still printed.
    for (const warning of image.info.warnings) {
      process.stderr.write(`sitediff info: ${file}: warning: ${warning}\n`);
    }
    process.stdout.write(
      flags.has('--json') ? `${JSON.stringify(json, null, 2)}\n` : `${formatInfoText(json)}\n`,
    );
    return 0;
  } catch (error) {
    const reason =
      error instanceof Error && 'reason' in error
        ? String(error.reason)
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`sitediff info: ${file}: ${reason.replace(/\s+/g, ' ')}\n`);
    return 1;
  } finally {
    await source.close();
    await overviews?.source.close();
  }
}

export const infoCommand = {
  summary:
    'describe a GeoTIFF as GDAL reads it: size, bands, CRS, geotransform, corners, checksums',
  run,
};
