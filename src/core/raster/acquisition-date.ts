// When an image was taken, from what the file says: GDAL metadata items that sensors write, the
// TIFF DateTime tag ("YYYY:MM:DD HH:MM:SS", TIFF 6.0 section 8), or a date in the file name.
import type { GdalMetadataItem } from './gdal-metadata.ts';

/** Dataset metadata names, most specific first, that hold an acquisition time. */
const acquisitionItems = [
  'ACQUISITIONDATETIME',
  'ACQUISITION_DATE',
  'DATE_ACQUIRED',
  'SENSING_TIME',
  'PRODUCT_START_TIME',
  'DATATAKE_1_DATATAKE_SENSING_START',
  'TIFFTAG_DATETIME',
];

function isoFromParts(year: string, month: string, day: string, time?: string): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const date = `${year}-${month}-${day}`;
  return time ? `${date}T${time}` : date;
}

/** "2024:11:21 10:03:00", "2024-11-21T10:03:00Z", "20241121" as ISO 8601, or null. */
export function parseDate(text: string): string | null {
  const tiff = /^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(text);
  if (tiff) return isoFromParts(tiff[1], tiff[2], tiff[3], tiff[4]);
  const iso = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?))?/.exec(text);
  if (iso) return isoFromParts(iso[1], iso[2], iso[3], iso[4]);
  const compact = /(?:^|[^\d])(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2}))?(?:[^\d]|$)/.exec(
    text,
  );
  if (compact) {
    const time = compact[4] ? `${compact[4]}:${compact[5]}:${compact[6]}` : undefined;
    return isoFromParts(compact[1], compact[2], compact[3], time);
  }
  return null;
}

export function acquisitionDate(
  metadata: readonly GdalMetadataItem[],
  dateTimeTag: string | undefined,
  fileName: string | undefined,
): string | null {
  for (const name of acquisitionItems) {
    const item = metadata.find((i) => i.sample === null && i.name.toUpperCase() === name);
    const date = item ? parseDate(item.value) : null;
    if (date) return date;
  }
  const fromTag = dateTimeTag ? parseDate(dateTimeTag) : null;
  if (fromTag) return fromTag;
  return fileName ? parseDate(fileName) : null;
}
