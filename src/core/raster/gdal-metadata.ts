// GDAL's private TIFF tags: GDAL_METADATA (42112), an XML list of
// <Item name=".." sample=".." role="..">value</Item>, and GDAL_NODATA (42113), the nodata value as
// text. Parsed with a regular expression: core has no DOM, and the format is flat.

export interface GdalMetadataItem {
  readonly name: string;
  readonly value: string;
  readonly sample: number | null;
  readonly role: string | null;
  readonly domain: string | null;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescape = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
      );
    return entities[e.toLowerCase()] ?? '';
  });

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(attributes);
  return match ? unescape(match[1]) : null;
}

export function parseGdalMetadata(xml: string): GdalMetadataItem[] {
  const items: GdalMetadataItem[] = [];
  const pattern = /<Item\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Item>)/gi;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    const attributes = match[1];
    const sample = attribute(attributes, 'sample');
    items.push({
      name: attribute(attributes, 'name') ?? '',
      value: unescape(match[2] ?? ''),
      sample: sample === null ? null : Number(sample),
      role: attribute(attributes, 'role'),
      domain: attribute(attributes, 'domain'),
    });
  }
  return items;
}

/** GDAL_NODATA as GDAL reads it (CPLAtofM): "nan", "inf", numbers with surrounding spaces. */
export function parseNoData(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return null;
  if (trimmed === 'nan' || trimmed === '-nan') return NaN;
  if (trimmed === 'inf' || trimmed === '+inf') return Infinity;
  if (trimmed === '-inf') return -Infinity;
  const value = parseFloat(trimmed);
  return Number.isNaN(value) ? null : value;
}
