// `sitediff info FILE [--json] [--checksum]`: what sitediff reads from a GeoTIFF, in the terms of
// gdalinfo, so the two can be compared line by line.
import { basename } from 'node:path';
import { gdalChecksum } from '../core/raster/checksum.ts';
import { formatInfoText, infoJson } from '../core/raster/info-summary.ts';
import { openGeoTiff } from '../core/raster/open-geotiff.ts';
import { infoSchema } from '../core/schema/info.ts';
import { configureNodeDecoders } from './node-decoders.ts';
import { nodeFileSource } from './node-file-source.ts';

const usage = 'usage: sitediff info FILE [--json] [--checksum]';

/** Band-by-band reads stay within the reader's pixel budget for large images. */
async function checksums(image: Awaited<ReturnType<typeof openGeoTiff>>): Promise<number[]> {
  const result: number[] = [];
  for (let band = 0; band < image.info.bandCount; band++) {
    const raster = await image.readRaster({ bands: [band] });
    result.push(gdalChecksum(raster.bands[0], raster.dataType));
  }
  return result;
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
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    process.stderr.write(`sitediff info: ${file}: ${reason}\n`);
    return 1;
  }
  try {
    await configureNodeDecoders();
    const image = await openGeoTiff(source, { name: basename(file) });
    const json = infoSchema.parse(
      infoJson(image.info, {
        file,
        checksums: flags.has('--checksum') ? await checksums(image) : undefined,
      }),
    );
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
  }
}

export const infoCommand = {
  summary:
    'describe a GeoTIFF as GDAL reads it: size, bands, CRS, geotransform, corners, checksums',
  run,
};
