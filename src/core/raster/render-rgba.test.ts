import { describe, expect, it } from 'vitest';
import type { WarpGrid } from '../georef/warp.ts';
import { alphaToOpacity, renderRgba } from './render-rgba.ts';
import type { Raster } from './types.ts';

function gridOf(points: [number, number][]): WarpGrid {
  return {
    width: points.length,
    height: 1,
    columns: Float64Array.from(points.map((p) => p[0])),
    rows: Float64Array.from(points.map((p) => p[1])),
    meshStepPixels: 1,
  };
}

const raster: Raster = {
  width: 2,
  height: 2,
  dataType: 'UInt16',
  noData: 0,
  bands: [new Uint16Array([100, 200, 300, 0])],
};
const window = {
  raster,
  column0: 0,
  row0: 0,
  levelScaleX: 1,
  levelScaleY: 1,
  levelWidth: 2,
  levelHeight: 2,
};

describe('renderRgba', () => {
  it('samples pixel centres exactly, interpolates between them, and stretches to bytes', () => {
    const rgba = renderRgba(
      gridOf([
        [0.5, 0.5],
        [1, 0.5],
        [1.5, 0.5],
      ]),
      window,
      {
        bandIndices: [0],
        stretches: [{ min: 100, max: 200 }],
      },
    );
    expect([...rgba.slice(0, 4)]).toEqual([0, 0, 0, 255]);
    expect([...rgba.slice(4, 8)]).toEqual([128, 128, 128, 255]);
    expect([...rgba.slice(8, 12)]).toEqual([255, 255, 255, 255]);
  });

  it('leaves pixels outside the image and on nodata transparent', () => {
    const rgba = renderRgba(
      gridOf([
        [-0.5, 0.5],
        [1.5, 1.5],
        [2.5, 0.5],
      ]),
      window,
      {
        bandIndices: [0],
        stretches: [{ min: 100, max: 300 }],
      },
    );
    expect(rgba[3]).toBe(0);
    expect(rgba[7]).toBe(0);
    expect(rgba[11]).toBe(0);
  });

  it('reads an overview window through its scale and offset', () => {
    // The window holds level pixels 4..5 of an overview at half resolution.
    const rgba = renderRgba(
      gridOf([[9, 1]]),
      { ...window, column0: 4, levelScaleX: 0.5, levelScaleY: 0.5, levelWidth: 8, levelHeight: 2 },
      { bandIndices: [0], stretches: [{ min: 0, max: 255 }], resampling: 'nearest' },
    );
    // Full-res column 9 → level column 4.5 → window column 0.5 → the centre of pixel 0 (value 100).
    expect(rgba[0]).toBe(100);
  });
});

describe('renderRgba colour choices', () => {
  const threeBands: Raster = {
    width: 1,
    height: 1,
    dataType: 'Byte',
    noData: null,
    bands: [new Uint8Array([10]), new Uint8Array([20]), new Uint8Array([30]), new Uint8Array([40])],
  };
  const onePixel = { ...window, raster: threeBands, levelWidth: 1, levelHeight: 1 };
  const identity = threeBands.bands.map(() => ({ min: 0, max: 255 }));

  it('puts any three bands in red, green and blue, in the order asked', () => {
    const falseColour = renderRgba(gridOf([[0.5, 0.5]]), onePixel, {
      bandIndices: [3, 0, 1],
      stretches: identity,
    });
    expect([...falseColour]).toEqual([40, 10, 20, 255]);
  });

  it('colours a single band through its ramp, stretched first', () => {
    const ramp = new Uint8Array(256 * 3);
    // A ramp that makes the stretched byte v into (v, 255 - v, 7).
    for (let v = 0; v < 256; v++) ramp.set([v, 255 - v, 7], v * 3);
    const rgba = renderRgba(gridOf([[0.5, 0.5]]), onePixel, {
      bandIndices: [2],
      stretches: [identity[0], identity[1], { min: 20, max: 40 }, identity[3]],
      colourRamp: ramp,
    });
    // Band 2 holds 30, halfway between 20 and 40 → byte 128.
    expect([...rgba]).toEqual([128, 127, 7, 255]);
  });
});

describe('renderRgba opacity (alpha band or internal mask)', () => {
  // A 2 × 1 window: a valid pixel of 200 and, beside it, a pixel of opacity 0 holding 0.
  const pair: Raster = {
    width: 2,
    height: 1,
    dataType: 'Byte',
    noData: null,
    bands: [new Uint8Array([200, 0])],
  };
  const pairWindow = { ...window, raster: pair, levelWidth: 2, levelHeight: 1 };
  const stretch = [{ min: 0, max: 200 }];

  it('leaves pixels of opacity 0 transparent and keeps their value out of the interpolation', () => {
    const rgba = renderRgba(
      gridOf([
        [0.5, 0.5],
        [0.9, 0.5],
        [1.5, 0.5],
      ]),
      { ...pairWindow, opacity: new Uint8Array([255, 0]) },
      { bandIndices: [0], stretches: stretch },
    );
    expect([...rgba.slice(0, 4)]).toEqual([255, 255, 255, 255]);
    // 0.4 of the way to the masked pixel would blend to 120; it is the valid neighbour alone.
    expect([...rgba.slice(4, 8)]).toEqual([255, 255, 255, 255]);
    expect(rgba[11]).toBe(0);
  });

  it('keeps the partial opacity of an alpha band, in nearest and bilinear resampling', () => {
    for (const resampling of ['nearest', 'bilinear'] as const) {
      const rgba = renderRgba(
        gridOf([[0.5, 0.5]]),
        { ...pairWindow, opacity: new Uint8Array([100, 0]) },
        { bandIndices: [0], stretches: stretch, resampling },
      );
      expect(rgba[3]).toBe(100);
    }
  });

  it('reads a 16-bit alpha band as GDAL does, scaled by 1/257', () => {
    expect([...alphaToOpacity(new Uint16Array([0, 257, 65535]), 'UInt16')]).toEqual([0, 1, 255]);
    expect([...alphaToOpacity(new Float32Array([-1, 0.4, 128.6, 300]), 'Float32')]).toEqual([
      0, 0, 129, 255,
    ]);
  });
});
