// Which bands an image can be shown with: true colour (R, G, B), false colour (NIR, R, G: the
// infrared composite in which vegetation shows red), any three bands, or one band through a colour
// ramp. Bands are recognised by colour interpretation or, failing that, by their description.
import { effectiveInterpretation } from '../change/band-matching.ts';
import type { ColourRampName } from './colour-ramp.ts';
import type { ColorInterpretation } from './types.ts';

export interface DisplayBandInfo {
  readonly colorInterpretation: ColorInterpretation;
  readonly description: string | null;
}

export type DisplayComposite =
  | { readonly kind: 'rgb'; readonly bands: readonly [number, number, number] }
  | { readonly kind: 'single'; readonly band: number; readonly ramp: ColourRampName };

export interface CompositePresets {
  readonly trueColour: readonly [number, number, number] | null;
  readonly falseColour: readonly [number, number, number] | null;
}

export function compositePresets(bands: readonly DisplayBandInfo[]): CompositePresets {
  const named = bands.map((b) => effectiveInterpretation(b.colorInterpretation, b.description));
  const find = (interpretation: ColorInterpretation) => named.indexOf(interpretation);
  const [red, green, blue, nir] = [find('Red'), find('Green'), find('Blue'), find('NIR')];
  return {
    trueColour: red >= 0 && green >= 0 && blue >= 0 ? [red, green, blue] : null,
    falseColour: nir >= 0 && red >= 0 && green >= 0 ? [nir, red, green] : null,
  };
}

/** What an image shows when first opened: true colour, else its first three bands, else grey. */
export function defaultComposite(bands: readonly DisplayBandInfo[]): DisplayComposite {
  const { trueColour } = compositePresets(bands);
  if (trueColour) return { kind: 'rgb', bands: trueColour };
  if (bands.length >= 3) return { kind: 'rgb', bands: [0, 1, 2] };
  return { kind: 'single', band: 0, ramp: 'greys' };
}

/** Band indices in red, green, blue order, or the one band of a single-band display. */
export function compositeBands(composite: DisplayComposite): number[] {
  return composite.kind === 'rgb' ? [...composite.bands] : [composite.band];
}

/** A short name for the legend: "true colour", "false colour (NIR, R, G)", "bands 4, 1, 2"… */
export function describeComposite(
  composite: DisplayComposite,
  bands: readonly DisplayBandInfo[],
): string {
  const { trueColour, falseColour } = compositePresets(bands);
  const same = (preset: readonly number[] | null) =>
    preset !== null && compositeBands(composite).every((b, i) => b === preset[i]);
  if (composite.kind === 'single') return `band ${composite.band + 1}, ${composite.ramp}`;
  if (same(trueColour)) return 'true colour';
  if (same(falseColour)) return 'false colour (NIR, R, G)';
  return `bands ${composite.bands.map((b) => b + 1).join(', ')}`;
}
