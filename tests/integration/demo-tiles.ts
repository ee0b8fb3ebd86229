// Helpers for tests of the imagery worker on the demo site: its files as buffers, and the Web
// Mercator tile over a lon/lat point.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lonLatToMercator } from '../../src/core/georef/web-mercator.ts';

const demo = resolve(import.meta.dirname, '../../fixtures/demo-site');

export function demoBuffer(name: string): ArrayBuffer {
  const bytes = readFileSync(resolve(demo, name));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export function tileAt(lon: number, lat: number, z: number) {
  const [x, y] = lonLatToMercator(lon, lat);
  const size = (2 * Math.PI * 6378137) / 2 ** z;
  return {
    z,
    x: Math.floor((x + Math.PI * 6378137) / size),
    y: Math.floor((Math.PI * 6378137 - y) / size),
  };
}
