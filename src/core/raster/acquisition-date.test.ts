import { describe, expect, it } from 'vitest';
import { acquisitionDate, parseDate } from './acquisition-date.ts';
import { parseGdalMetadata } from './gdal-metadata.ts';
import { encodeGeoTiff, tiffDateTime } from './write-geotiff.ts';
import { openGeoTiff } from './open-geotiff.ts';

const metadata = (items: Record<string, string>) =>
  parseGdalMetadata(
    `<GDALMetadata>${Object.entries(items)
      .map(([name, value]) => `<Item name="${name}">${value}</Item>`)
      .join('')}</GDALMetadata>`,
  );

describe('parseDate', () => {
  it('reads the TIFF DateTime form, ISO 8601 and compact dates', () => {
    expect(parseDate('2024:10:21 10:03:00')).toBe('2024-10-21T10:03:00');
    expect(parseDate('2024-04-18T02:10:00Z')).toBe('2024-04-18T02:10:00Z');
    expect(parseDate('2024-04-18T02:10:00.125Z')).toBe('2024-04-18T02:10:00.125Z');
    expect(parseDate('2024-04-18')).toBe('2024-04-18');
    expect(parseDate('20241021')).toBe('2024-10-21');
    expect(parseDate('20241021T100300')).toBe('2024-10-21T10:03:00');
  });

  it('refuses what is not a plausible date', () => {
    expect(parseDate('2024:13:01 00:00:00')).toBeNull();
    expect(parseDate('0000:00:00 00:00:00')).toBeNull();
    expect(parseDate('2024-02-32')).toBeNull();
    expect(parseDate('123456789')).toBeNull();
    expect(parseDate('no date here')).toBeNull();
  });
});

describe('acquisitionDate', () => {
  it('prefers GDAL metadata, the most specific item first', () => {
    const items = metadata({
      TIFFTAG_DATETIME: '2025:01:01 00:00:00',
      ACQUISITIONDATETIME: '2024-04-18T02:10:00Z',
    });
    expect(acquisitionDate(items, '2023:06:01 12:00:00', 'site_20220101.tif')).toBe(
      '2024-04-18T02:10:00Z',
    );
    expect(
      acquisitionDate(metadata({ SENSING_TIME: '2021-07-04T10:30:00Z' }), undefined, undefined),
    ).toBe('2021-07-04T10:30:00Z');
  });

  it('falls back to the TIFF DateTime tag, then to a date in the file name', () => {
    expect(acquisitionDate([], '2023:06:01 12:00:00', 'site_20220101.tif')).toBe(
      '2023-06-01T12:00:00',
    );
    expect(acquisitionDate([], undefined, 'hamhung_2024-10-21_after.tif')).toBe('2024-10-21');
    expect(acquisitionDate([], undefined, 'S2A_MSIL2A_20240418T021021_N0510.tif')).toBe(
      '2024-04-18T02:10:21',
    );
    // An unreadable metadata item or tag does not hide the next source.
    expect(
      acquisitionDate(metadata({ ACQUISITION_DATE: 'unknown' }), 'garbage', 'x_20200202.tif'),
    ).toBe('2020-02-02');
    expect(acquisitionDate([], undefined, 'before.tif')).toBeNull();
  });

  it('is what openGeoTiff reports for a file with a DateTime tag', async () => {
    const tiff = encodeGeoTiff(
      { width: 4, height: 4, bands: [new Uint8Array(16)], dataType: 'Byte', noData: null },
      {
        geoTransform: [500_000, 1, 0, 4_000_000, 0, -1],
        crs: { epsg: 32652, kind: 'projected' },
        dateTime: tiffDateTime('2024-10-21T01:30:00Z'),
      },
    );
    const image = await openGeoTiff(tiff.slice().buffer, { name: 'site_20200101.tif' });
    expect(image.info.acquisitionDate).toBe('2024-10-21T01:30:00');
    const unnamed = encodeGeoTiff(
      { width: 4, height: 4, bands: [new Uint8Array(16)], dataType: 'Byte', noData: null },
      { geoTransform: [500_000, 1, 0, 4_000_000, 0, -1], crs: { epsg: 32652, kind: 'projected' } },
    );
    const named = await openGeoTiff(unnamed.slice().buffer, { name: 'site_20200101.tif' });
    expect(named.info.acquisitionDate).toBe('2020-01-01');
  });
});
