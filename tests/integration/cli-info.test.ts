// `sitediff info` as a user runs it: the real command in a child process, over the GeoTIFF
// fixtures, whose expected values are GDAL 3.6.2's own readings (NAME.gdalinfo.json).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, runSitediff } from '../../src/cli/sitediff-process.ts';
import { infoSchema } from '../../src/core/schema/info.ts';

const repository = repositoryRoot;
const fixture = (name: string) => join('fixtures', 'geotiff', name);

interface GdalReading {
  bands: { checksum: number; overviews?: [number, number][]; overviewChecksums?: number[] }[];
}
const gdalReading = (name: string) =>
  JSON.parse(
    readFileSync(join(repository, `${fixture(name)}.gdalinfo.json`), 'utf8'),
  ) as GdalReading;

const sitediff = runSitediff;

const scratch = () => mkdtempSync(join(tmpdir(), 'sitediff-info-'));

// Each case is a child process that mostly waits on tsx's start-up: run them side by side.
describe.concurrent('sitediff info', () => {
  it('--json --checksum: the schema, GDAL checksums and the .ovr overviews beside the file', async () => {
    const { code, stdout, stderr } = await sitediff(
      'info',
      fixture('rasterio/red.tif'),
      '--json',
      '--checksum',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const info = infoSchema.parse(JSON.parse(stdout));
    const gdal = gdalReading('rasterio/red.tif');
    expect(info.bands.map((b) => b.checksum)).toEqual(gdal.bands.map((b) => b.checksum));
    expect(info.overviews).toEqual(gdal.bands[0].overviews);
    expect(info.bands.map((b) => b.overviewChecksums)).toEqual(
      gdal.bands.map((b) => b.overviewChecksums),
    );
    expect(info.externalOverviewsFile).toBe(`${fixture('rasterio/red.tif')}.ovr`);
  });

  it('prints the text form like gdalinfo, overviews and their checksums included', async () => {
    const { code, stdout } = await sitediff('info', fixture('rasterio/red.tif'), '--checksum');
    expect(code).toBe(0);
    expect(stdout).toContain('Size is 64, 64');
    expect(stdout).toContain(
      'Overviews: 32x32, 16x16 (external, fixtures/geotiff/rasterio/red.tif.ovr)',
    );
    expect(stdout).toContain('Band 1: Byte, Red, NoData=0, Checksum=59536');
    expect(stdout).toContain('  Overviews checksum: 14881, 3696');
  });

  it('without --checksum the checksums are null, internal overviews listed', async () => {
    const { code, stdout } = await sitediff(
      'info',
      fixture('cogeotiff-core/rgba8_cog.tiff'),
      '--json',
    );
    expect(code).toBe(0);
    const info = infoSchema.parse(JSON.parse(stdout));
    expect(info.bands.every((b) => b.checksum === null && b.overviewChecksums === null)).toBe(true);
    expect(info.overviews).toEqual(gdalReading('cogeotiff-core/rgba8_cog.tiff').bands[0].overviews);
    expect(info.externalOverviewsFile).toBeNull();
  });

  it('names an EPSG CRS and gives its WKT from the registry', async () => {
    const file = fixture(
      'georust-geotiff/austrian_capitals_model_tie_point_and_pixel_scale_pixel_is_area.tif',
    );
    const { code, stdout } = await sitediff('info', file, '--json');
    expect(code).toBe(0);
    const { crs } = infoSchema.parse(JSON.parse(stdout));
    expect(crs?.epsg).toBe(3035);
    expect(crs?.name).toBe('ETRS89-extended / LAEA Europe');
    expect(crs?.wkt).toMatch(
      /^PROJCS\["ETRS89-extended \/ LAEA Europe",.*AUTHORITY\["EPSG","3035"\]\]$/,
    );
    const text = await sitediff('info', fixture('rasterio/float_raster_with_nodata.tif'));
    expect(text.stdout).toContain('WKT: not written for a user-defined CRS (see the proj4 string)');
  });

  it('reports a GCP-only file as such, with the affine fit of its GCPs', async () => {
    const file = fixture('georust-geotiff/austrian_capitals_model_tie_points_pixel_is_area.tif');
    const json = infoSchema.parse(JSON.parse((await sitediff('info', file, '--json')).stdout));
    expect(json.geoTransform).toBeNull();
    expect(json.gcpCount).toBe(4);
    // gdal.GCPsToGeoTransform (GDAL 3.6.2) over the file's GCPs.
    const gdal = [4302000, 1000, 0, 2811000, 0, -1000];
    json.gcpFit!.geoTransform.forEach((v, i) => expect(Math.abs(v - gdal[i])).toBeLessThan(1e-3));
    expect(json.gcpFit!.rmsResidualPixels).toBeLessThan(1e-6);
    const { stdout } = await sitediff('info', file);
    expect(stdout).toContain(
      'No geotransform: 4 ground control points (affine fit RMS residual 0.00 px, max 0.00 px,',
    );
  });

  const badFiles: [string, () => string, RegExp][] = [
    [
      'a PNG renamed .tif',
      () => {
        const path = join(scratch(), 'photo.tif');
        writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
        return path;
      },
      /not a TIFF file \(it starts like a PNG\)/,
    ],
    [
      'an empty file',
      () => {
        const path = join(scratch(), 'empty.tif');
        writeFileSync(path, '');
        return path;
      },
      /empty/,
    ],
    ['a missing file', () => join(scratch(), 'missing.tif'), /no such file/],
    ['a directory', () => scratch(), /is a directory/],
    [
      'a truncated file',
      () => {
        const bytes = readFileSync(join(repository, fixture('cogeotiff-core/rgba8_cog.tiff')));
        const path = join(scratch(), 'truncated.tif');
        writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
        return path;
      },
      /truncated|damaged|outside the file/,
    ],
  ];
  for (const [what, make, reason] of badFiles) {
    it(`${what}: exit code 1 and one line on stderr naming the file and the reason`, async () => {
      const path = make();
      const { code, stdout, stderr } = await sitediff('info', path, '--checksum');
      expect(code).toBe(1);
      expect(stdout).toBe('');
      const lines = stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith(`sitediff info: ${path}: `)).toBe(true);
      expect(lines[0]).toMatch(reason);
    });
  }

  it('a wrong command line: exit code 1 and the usage', async () => {
    const { code, stderr } = await sitediff('info', '--frobnicate');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^usage: sitediff info FILE/);
  });
});
