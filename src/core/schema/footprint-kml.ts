// Footprints as KML 2.2 (OGC 07-147r2), out and in. Export escapes every string for XML and writes
// no <description>, which KML clients render as HTML: label and note stay plain text (<name> and
// ExtendedData). Import parses with @xmldom/xmldom (no DOM needed, so it runs in a worker) and
// converts with @tmcw/togeojson, then validates like GeoJSON.
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Position } from 'geojson';
import { readFootprintFeatures } from './footprint-features.ts';
import { footprintsFromFeatures, type FootprintImportOptions } from './footprint-geojson.ts';
import type { Footprint } from './footprint.ts';
import type { Validated } from './problems.ts';

/** XML 1.0 §2.4 escaping for text and attribute values; drops characters XML cannot carry. */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** KML colours are aabbggrr hex. */
function kmlColour(hex: string, alpha: string): string {
  const [r, g, b] = [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  return `${alpha}${b}${g}${r}`.toLowerCase();
}

const ringText = (ring: readonly Position[]) =>
  `<LinearRing><coordinates>${ring.map(([lon, lat]) => `${lon},${lat}`).join(' ')}</coordinates></LinearRing>`;

const dataFields = [
  'id',
  'note',
  'category',
  'observedOn',
  'createdAt',
  'modifiedAt',
  'gsdMetres',
] as const;

function placemark(footprint: Footprint, index: number): string {
  const [outer, ...holes] = footprint.geometry.coordinates;
  const data = dataFields
    .map((field) => {
      const value = footprint[field];
      if (value === null || value === undefined) return '';
      return `<Data name="${field}"><value>${escapeXml(String(value))}</value></Data>`;
    })
    .join('');
  const styleId = `footprint-${index + 1}`;
  return [
    '<Placemark>',
    `<name>${escapeXml(footprint.label)}</name>`,
    `<Style id="${styleId}"><LineStyle><color>${kmlColour(footprint.colour, 'ff')}</color><width>2</width></LineStyle>`,
    `<PolyStyle><color>${kmlColour(footprint.colour, '4d')}</color></PolyStyle></Style>`,
    `<ExtendedData>${data}</ExtendedData>`,
    `<Polygon><outerBoundaryIs>${ringText(outer)}</outerBoundaryIs>`,
    ...holes.map((hole) => `<innerBoundaryIs>${ringText(hole)}</innerBoundaryIs>`),
    '</Polygon>',
    '</Placemark>',
  ].join('');
}

/** A KML document of the footprints, one Placemark each. */
export function footprintsToKml(footprints: readonly Footprint[], documentName: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    `<Document><name>${escapeXml(documentName)}</name>`,
    ...footprints.map((footprint, index) => placemark(footprint, index)),
    '</Document>',
    '</kml>',
    '',
  ].join('\n');
}

/** Footprints from the text of a KML file, all valid or none. */
export function parseFootprintKml(
  text: string,
  options: FootprintImportOptions,
): Validated<Footprint[]> {
  const errors: string[] = [];
  let xmlDocument;
  try {
    xmlDocument = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (!xmlDocument || errors.length) {
    return {
      ok: false,
      problems: [{ path: '', message: `not well-formed XML: ${errors[0] ?? 'unreadable'}` }],
    };
  }
  if (xmlDocument.documentElement?.localName !== 'kml') {
    return {
      ok: false,
      problems: [{ path: '', message: 'not a KML document (its root element is not <kml>)' }],
    };
  }
  const collection = kml(xmlDocument);
  const read = readFootprintFeatures(collection);
  if (!read.ok) {
    // Paths into the converted GeoJSON mean nothing to the user; name the Placemark instead.
    return {
      ok: false,
      problems: read.problems.map((problem) => ({
        path: problem.path.replace(/^features\[(\d+)\].*$/, (_, i) => `Placemark ${Number(i) + 1}`),
        message: problem.message,
      })),
    };
  }
  return footprintsFromFeatures(read.value, options, (feature) => [
    `Placemark ${feature.index + 1}`,
  ]);
}
