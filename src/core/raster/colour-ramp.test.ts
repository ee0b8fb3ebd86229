import { describe, expect, it } from 'vitest';
import { colourRampTable } from './colour-ramp.ts';

const entry = (table: Uint8Array, v: number) => [...table.slice(v * 3, v * 3 + 3)];
const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('colour ramps', () => {
  it('greys repeats the byte in each channel', () => {
    const greys = colourRampTable('greys');
    for (const v of [0, 1, 77, 128, 254, 255]) expect(entry(greys, v)).toEqual([v, v, v]);
  });

  it('viridis runs from dark purple to yellow, growing brighter all the way', () => {
    const viridis = colourRampTable('viridis');
    expect(entry(viridis, 0)).toEqual([0x44, 0x01, 0x54]);
    expect(entry(viridis, 255)).toEqual([0xfd, 0xe7, 0x25]);
    for (let v = 8; v < 256; v += 8) {
      expect(luminance(entry(viridis, v))).toBeGreaterThan(luminance(entry(viridis, v - 8)));
    }
  });
});
