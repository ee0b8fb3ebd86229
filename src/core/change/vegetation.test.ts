import { describe, expect, it } from 'vitest';
import { utm52 } from '../../../tests/bench/synthetic-pair.ts';
import { analysisRowReader } from './analysis-image.ts';
import { emptyBitMask, unpackMask } from './bit-mask.ts';
import { detectChanges, type GeoImage } from './detect-changes.ts';
import { clearVegetation, darkObjectLevels, VegetationMaskBuilder } from './vegetation.ts';

describe('vegetation mask', () => {
  it('thresholds NDVI and the green index of dark-object-corrected values, higher where blue exceeds green', () => {
    const dark = { red: 100, green: 120, nearInfrared: 50, blue: 130 };
    const builder = new VegetationMaskBuilder(5, 2, 0.2, dark);
    const row = (red: number[], green: number[], nearInfrared: number[], blue: number[]) => ({
      red: Float32Array.from(red),
      green: Float32Array.from(green),
      nearInfrared: Float32Array.from(nearInfrared),
      blue: Float32Array.from(blue),
    });
    // After the correction (red, green, NIR, blue): grass (20, 60, 200, 15); NDVI 0.11 (100,
    // 100, 125, 50); a blue roof (60, 100, 150, 150): NDVI 0.43, green index 0.2 with blue above
    // green; a green roof (60, 100, 110, 20): NDVI 0.29, green index 0.05; the dark levels.
    builder.addRow(
      0,
      row(
        [120, 200, 160, 160, 100],
        [180, 220, 220, 220, 120],
        [250, 175, 200, 160, 50],
        [145, 180, 280, 150, 130],
      ),
      null,
    );
    // Second row: no data; NDVI 0.6 after the correction (less NIR than red before it: the NIR
    // band's haze and offset are lower) with green 20, blue 5; a blue tarp (20, 40, 80, 160): NDVI
    // 0.6, green index 0.33, but blue above green asks for 0.4; vegetation in shadow (10, 20, 80,
    // 30), blue above green and green index 0.6.
    builder.addRow(
      1,
      row(
        [0, 110, 120, 110, 0],
        [0, 140, 160, 140, 0],
        [0, 90, 130, 130, 0],
        [0, 135, 290, 160, 0],
      ),
      Uint8Array.of(0, 1, 1, 1, 0),
    );
    const mask = builder.finish();
    expect(Array.from(unpackMask(mask.bits))).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(mask.fraction).toBeCloseTo(3 / 8, 12);
    expect(mask.darkLevels).toEqual(dark);
  });

  it('needs no blue band', () => {
    const builder = new VegetationMaskBuilder(1, 1, 0.2, {
      red: 0,
      green: 0,
      nearInfrared: 0,
      blue: null,
    });
    builder.addRow(
      0,
      {
        red: Float32Array.of(20),
        green: Float32Array.of(60),
        nearInfrared: Float32Array.of(200),
        blue: null,
      },
      null,
    );
    expect(builder.finish().fraction).toBe(1);
  });

  it('reads the dark-object level as a low quantile of the valid samples', () => {
    const width = 100;
    const height = 100;
    const red = new Float32Array(width * height);
    const valid = new Uint8Array(width * height).fill(1);
    for (let k = 0; k < red.length; k++) red[k] = 200 + (k % 997);
    // Pixels without data read 0 and must not be the dark object.
    for (let k = 0; k < 500; k++) valid[k * 7] = 0;
    const reader = analysisRowReader({ width, height, bands: [red, red], valid });
    const [dark] = darkObjectLevels(reader, 2, width, height, 1e6, 0.001);
    const sorted = red.filter((_, k) => valid[k]).sort();
    expect(dark).toBe(sorted[Math.floor(0.001 * sorted.length)]);
    expect(dark).toBeGreaterThanOrEqual(200);
  });

  it('clears vegetated pixels from a change mask and counts them', () => {
    const changed = emptyBitMask(40, 2);
    const vegetation = emptyBitMask(40, 2);
    changed.words.set([0xffffffff, 0xff, 0, 0x1]);
    vegetation.words.set([0x0000ffff, 0xf0, 0x3, 0x1]);
    expect(clearVegetation(changed, vegetation)).toBe(16 + 4 + 1);
    expect(Array.from(changed.words)).toEqual([0xffff0000, 0x0f, 0, 0]);
  });
});

/**
 * A 0.5 m grass field with a pond; `after` has a patch of grass that turned colour and a new grey
 * roof.
 */
function fieldPair(afterHasNir: boolean) {
  const size = 240;
  const count = size * size;

  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const inside = (x: number, y: number, x0: number, y0: number) =>
    x >= x0 && x < x0 + 40 && y >= y0 && y < y0 + 40;
  const before = [0, 1, 2].map(() => new Uint8Array(count));
  const after = [0, 1, 2, 3].map(() => new Uint16Array(count));
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const k = y * size + x;
      const texture = 1 + 0.15 * Math.sin(x / 5) * Math.cos(y / 7);
      // Grass reflectance (red, green, blue, NIR), the turned patch, the roof.
      let after4 = [0.06, 0.11, 0.05, 0.38];
      if (inside(x, y, 40, 60)) after4 = [0.15, 0.09, 0.04, 0.3];
      if (inside(x, y, 150, 150)) after4 = [0.22, 0.22, 0.22, 0.24];
      // A pond on both dates: the scene's dark object.
      const pond = Math.hypot(x - 200, y - 40) < 15;
      if (pond) after4 = [0.045, 0.06, 0.06, 0.025];
      const before3 = pond ? [0.045, 0.06, 0.06] : [0.06, 0.11, 0.05];
      for (let b = 0; b < 3; b++)
        before[b][k] = Math.round(20 + 800 * before3[b] * texture + 2 * noise());
      for (let b = 0; b < 4; b++)
        after[b][k] = Math.round(110 + 3000 * after4[b] * texture + 8 * noise());
    }
  const image = (bands: (Uint8Array | Uint16Array)[], names: GeoImage['colorInterpretations']) => ({
    width: size,
    height: size,
    bands,
    noData: null,
    colorInterpretations: names,
    geoTransform: [371000, 0.5, 0, 4418000, 0, -0.5] as const,
    crs: utm52,
  });
  return {
    before: image(before, ['Red', 'Green', 'Blue']),
    after: afterHasNir
      ? image(after, ['Red', 'Green', 'Blue', 'NIR'])
      : image(after.slice(0, 3), ['Red', 'Green', 'Blue']),
  };
}

describe('change detection with a vegetation mask', () => {
  const areas = (regions: { features: { properties: { areaSquareMetres: number } }[] }) =>
    regions.features.map((f) => f.properties.areaSquareMetres).sort((a, b) => a - b);

  it('drops grass that turned colour and keeps the new roof when after has NIR', () => {
    const pair = fieldPair(true);
    const { prepared, result } = detectChanges(pair.before, pair.after, { align: false });
    expect(prepared.vegetation).not.toBeNull();
    // Grass and the turned patch are vegetation; the roof (2.8 % of the field) and the pond
    // (1.2 %) are not.
    expect(prepared.vegetation!.fraction).toBeGreaterThan(0.95);
    expect(prepared.vegetation!.fraction).toBeLessThan(0.965);
    expect(result.vegetation?.ndviThreshold).toBe(0.2);
    expect(result.vegetation!.excludedFraction).toBeGreaterThan(0.02);
    // One region: the 20 × 20 m roof.
    expect(areas(result.regions)).toHaveLength(1);
    expect(areas(result.regions)[0]).toBeGreaterThan(350);
    expect(areas(result.regions)[0]).toBeLessThan(450);
    // The mask off, the turned grass is a region too.
    const all = detectChanges(pair.before, pair.after, { align: false, excludeVegetation: false });
    expect(all.result.vegetation).toBeNull();
    expect(areas(all.result.regions)).toHaveLength(2);
    // And with the NDVI threshold off, there is no mask to apply.
    const off = detectChanges(pair.before, pair.after, { align: false, vegetationNdvi: Infinity });
    expect(off.prepared.vegetation).toBeNull();
    expect(areas(off.result.regions)).toHaveLength(2);
  });

  it('reads the bands that the score does not match, against a grey before image', () => {
    const pair = fieldPair(true);
    // Grey before: only after's green is matched; red, NIR and blue are read for the mask alone.
    const grey = { ...pair.before, bands: [pair.before.bands[1]], colorInterpretations: ['Gray'] };
    const { prepared, result } = detectChanges(grey as typeof pair.before, pair.after, {
      align: false,
    });
    const rgb = detectChanges(pair.before, pair.after, { align: false });
    expect(prepared.normalisation.bands).toHaveLength(1);
    // The same after pixels, so the same mask, bit for bit.
    expect(Array.from(prepared.vegetation!.bits.words)).toEqual(
      Array.from(rgb.prepared.vegetation!.bits.words),
    );
    expect(result.vegetation).not.toBeNull();
  });

  it('has no mask when after has no near-infrared band', () => {
    const pair = fieldPair(false);
    const { prepared, result } = detectChanges(pair.before, pair.after, { align: false });
    expect(prepared.vegetation).toBeNull();
    expect(result.vegetation).toBeNull();
    expect(areas(result.regions)).toHaveLength(2);
  });
});
