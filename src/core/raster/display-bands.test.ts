import { describe, expect, it } from 'vitest';
import {
  compositePresets,
  defaultComposite,
  describeComposite,
  type DisplayBandInfo,
} from './display-bands.ts';

const band = (
  colorInterpretation: DisplayBandInfo['colorInterpretation'],
  description: string | null = null,
): DisplayBandInfo => ({ colorInterpretation, description });

describe('display composites', () => {
  it('finds true and false colour in a B, G, R, NIR product named by its descriptions', () => {
    const bands = [band('Gray', 'Blue'), band('Undefined', 'Green'), band('Undefined', 'Red')];
    bands.push(band('Undefined', 'NIR'));
    expect(compositePresets(bands)).toEqual({ trueColour: [2, 1, 0], falseColour: [3, 2, 1] });
    expect(defaultComposite(bands)).toEqual({ kind: 'rgb', bands: [2, 1, 0] });
    expect(describeComposite({ kind: 'rgb', bands: [3, 2, 1] }, bands)).toBe(
      'false colour (NIR, R, G)',
    );
    expect(describeComposite({ kind: 'rgb', bands: [0, 0, 3] }, bands)).toBe('bands 1, 1, 4');
  });

  it('offers no false colour without a NIR band, and shows one band as grey', () => {
    const rgb = [band('Red'), band('Green'), band('Blue')];
    expect(compositePresets(rgb).falseColour).toBeNull();
    expect(defaultComposite([band('Gray')])).toEqual({ kind: 'single', band: 0, ramp: 'greys' });
    expect(defaultComposite([band('Undefined'), band('Undefined'), band('Undefined')])).toEqual({
      kind: 'rgb',
      bands: [0, 1, 2],
    });
  });
});
