import { describe, expect, it } from 'vitest';
import type { Footprint } from './footprint.ts';
import {
  footprintsFromGeoJson,
  footprintsToGeoJson,
  parseFootprintGeoJson,
} from './footprint-geojson.ts';
import { escapeXml, footprintsToKml, parseFootprintKml } from './footprint-kml.ts';

const now = '2026-02-03T04:05:06.000Z';
let counter = 0;
const options = { now, newId: () => `new-${++counter}` };

/** A counter-clockwise rectangle (RFC 7946 winding) near the demo site. */
const rectangle = (west: number, south: number, size: number) => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];

const hostileLabel = '<img src=x onerror=alert(1)>';

const footprints: Footprint[] = [
  {
    id: 'fp-main',
    label: 'main assembly building',
    note: 'roof "sheds" & cranes',
    category: 'assembly building',
    observedOn: 'both',
    colour: '#1F77B4',
    createdAt: '2024-11-25T09:30:00.000Z',
    modifiedAt: '2024-11-25T09:41:12.500Z',
    geometry: { type: 'Polygon', coordinates: [rectangle(127.4978, 39.9, 0.001)] },
    gsdMetres: 0.5,
  },
  {
    id: 'fp-x',
    label: hostileLabel,
    note: "</value></Data><script>alert('x')</script>\u0007",
    category: 'workshop',
    observedOn: 'after',
    colour: '#d62728',
    createdAt: '2024-11-25T09:30:00.000Z',
    modifiedAt: '2024-11-25T09:30:00.000Z',
    geometry: {
      type: 'Polygon',
      coordinates: [rectangle(127.5, 39.9, 0.001), rectangle(127.5002, 39.9002, 0.0002).reverse()],
    },
    gsdMetres: null,
  },
];

describe('GeoJSON export and import', () => {
  it('round-trips footprints', () => {
    const text = JSON.stringify(footprintsToGeoJson(footprints));
    expect(parseFootprintGeoJson(text, options)).toEqual({ ok: true, value: footprints });
  });

  it('writes measurements and RFC 7946 winding', () => {
    const clockwise = {
      ...footprints[0],
      geometry: {
        type: 'Polygon' as const,
        coordinates: [rectangle(127.4978, 39.9, 0.001).reverse()],
      },
    };
    const [feature] = footprintsToGeoJson([clockwise]).features;
    const ring = feature.geometry.coordinates[0];
    let twiceSignedArea = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      twiceSignedArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(twiceSignedArea).toBeGreaterThan(0);
    expect(feature.id).toBe('fp-main');
    // 0.001° × 0.001° at 39.9° N is about 85 m × 111 m.
    expect(feature.properties?.areaSquareMetres).toBeGreaterThan(9000);
    expect(feature.properties?.areaSquareMetres).toBeLessThan(10000);
    expect(feature.properties?.areaMinimumSquareMetres).toBeLessThan(
      feature.properties?.areaSquareMetres,
    );
  });

  it("reads other tools' files: name, description, simplestyle colour, missing ids", () => {
    const result = footprintsFromGeoJson(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'Hall', description: 'seen in March', stroke: '#00ff00' },
            geometry: { type: 'MultiPolygon', coordinates: [[rectangle(127.5, 39.9, 0.001)]] },
          },
          {
            type: 'Feature',
            id: 7,
            properties: null,
            geometry: { type: 'Polygon', coordinates: [rectangle(127.6, 39.9, 0.001)] },
          },
        ],
      },
      { ...options, existingIds: new Set(['7']), gsdMetres: 0.3 },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [hall, second] = result.value;
    expect(hall).toMatchObject({
      label: 'Hall',
      note: 'seen in March',
      colour: '#00ff00',
      category: 'other',
      observedOn: 'both',
      createdAt: now,
      gsdMetres: 0.3,
    });
    expect(hall.geometry.type).toBe('Polygon');
    expect(second.id).toMatch(/^new-/);
  });

  it('rejects a whole file when one feature is broken, naming the feature', () => {
    const collection = footprintsToGeoJson(footprints);
    const broken = structuredClone(collection);
    broken.features[1].geometry.coordinates[0].pop();
    const result = footprintsFromGeoJson(broken, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0].path).toBe('features[1].geometry.coordinates');
    expect(result.problems[0].message).toMatch(
      /^feature 2 "<img src=x onerror=alert\(1\)>" \(id "fp-x"\): ring 1 is not closed/,
    );
  });

  it('names points, lines and missing geometry', () => {
    const result = footprintsFromGeoJson(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'p' },
            geometry: { type: 'Point', coordinates: [1, 2] },
          },
          { type: 'Feature', properties: {}, geometry: null },
        ],
      },
      options,
    );
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      'feature 1 (id "p") is a Point, not a Polygon: a footprint is an outline',
      'feature 2 has no geometry',
    ]);
  });

  it('names a projected CRS declared by an old-style GeoJSON file', () => {
    const collection = {
      ...footprintsToGeoJson(footprints),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32652' } },
    };
    const result = footprintsFromGeoJson(collection, options);
    expect(!result.ok && result.problems[0]).toEqual({
      path: 'crs',
      message: expect.stringMatching(/declares the CRS "urn:ogc:def:crs:EPSG::32652"; .*WGS 84/),
    });
    const wgs84 = {
      ...collection,
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
    };
    expect(footprintsFromGeoJson(wgs84, options).ok).toBe(true);
  });

  it('rejects what is not GeoJSON, or has no features', () => {
    expect(parseFootprintGeoJson('nope', options).ok).toBe(false);
    const empty = footprintsFromGeoJson({ type: 'FeatureCollection', features: [] }, options);
    expect(!empty.ok && empty.problems[0].message).toBe('the file has no features');
    const wrong = footprintsFromGeoJson({ type: 'Polygon', coordinates: [] }, options);
    expect(!wrong.ok && wrong.problems[0].message).toMatch(
      /expected a GeoJSON FeatureCollection or Feature/,
    );
  });
});

describe('KML export and import', () => {
  it('round-trips footprints, control characters aside', () => {
    const result = parseFootprintKml(footprintsToKml(footprints, 'Site & "plant"'), options);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const expected = structuredClone(footprints);
    expected[0].colour = '#1f77b4';
    expected[1].note = expected[1].note.replace('\u0007', '');
    expect(result.value).toEqual(expected);
  });

  it('never writes markup from a label or note', () => {
    const text = footprintsToKml(footprints, hostileLabel);
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<description');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
  });

  it('rejects malformed XML, non-KML, and bad placemarks whole', () => {
    const malformed = parseFootprintKml('<kml><Placemark>', options);
    expect(!malformed.ok && malformed.problems[0].message).toMatch(/^not well-formed XML/);
    const gpx = parseFootprintKml('<gpx></gpx>', options);
    expect(!gpx.ok && gpx.problems[0].message).toMatch(/not a KML document/);
    const text = footprintsToKml(footprints, 'x').replace('127.5,39.9 ', '39.9,127.5 ');
    const swapped = parseFootprintKml(text, options);
    expect(swapped.ok).toBe(false);
    if (swapped.ok) return;
    expect(swapped.problems[0].path).toBe('Placemark 2');
    expect(swapped.problems[0].message).toMatch(/^feature 2 .*\[latitude, longitude\]/);
  });
});
