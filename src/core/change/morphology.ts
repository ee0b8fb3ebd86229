// Stage 6a: binary opening (removes specks and one-pixel slivers along edges left by residual
// misregistration) and closing (fills pinholes in a roof). Square structuring elements are
// separable, so each erosion or dilation is a row pass and a column pass, on bit-packed rows
// (32 pixels per operation; see bit-mask.ts).
import { emptyBitMask, lastWordBits, packMask, unpackMask, type BitMask } from './bit-mask.ts';

// Shifts by 32 or more do not exist for 32-bit words: larger radii go in steps (a segment of
// radius a + b is one of radius a swept along one of radius b).
const maximumShift = 31;

/** Pixels within `radius` along the row of a set pixel become set (eroding: stay set only if all are). */
function filterRows(source: BitMask, radius: number, erode: boolean): BitMask {
  const { width, height, wordsPerRow, words } = source;
  const out = emptyBitMask(width, height);
  const target = out.words;
  const last = wordsPerRow - 1;
  const inside = lastWordBits(width);
  // Eroding, outside the image counts as set so that regions touching the border are not eaten.
  const outside = erode ? ~0 : 0;
  const padding = erode ? ~inside : 0;
  for (let y = 0; y < height; y++) {
    const base = y * wordsPerRow;
    for (let w = 0; w <= last; w++) {
      const word = w === last ? words[base + w] | padding : words[base + w];
      const previous = w === 0 ? outside : words[base + w - 1];
      const next =
        w === last ? outside : w + 1 === last ? words[base + w + 1] | padding : words[base + w + 1];
      let result = word;
      for (let s = 1; s <= radius; s++) {
        const left = (word << s) | (previous >>> (32 - s));
        const right = (word >>> s) | (next << (32 - s));
        result = erode ? result & left & right : result | left | right;
      }
      target[base + w] = w === last ? result & inside : result;
    }
  }
  return out;
}

/** The same along columns: whole words at once, rows outside the image skipped. */
function filterColumns(source: BitMask, radius: number, erode: boolean): BitMask {
  const { width, height, wordsPerRow, words } = source;
  const out = emptyBitMask(width, height);
  const target = out.words;
  for (let y = 0; y < height; y++) {
    const from = Math.max(0, y - radius);
    const to = Math.min(height - 1, y + radius);
    const base = y * wordsPerRow;
    target.set(words.subarray(from * wordsPerRow, (from + 1) * wordsPerRow), base);
    for (let row = from + 1; row <= to; row++) {
      const other = row * wordsPerRow;
      if (erode) for (let w = 0; w < wordsPerRow; w++) target[base + w] &= words[other + w];
      else for (let w = 0; w < wordsPerRow; w++) target[base + w] |= words[other + w];
    }
  }
  return out;
}

function filterSquare(mask: BitMask, radius: number, erode: boolean): BitMask {
  let rows = mask;
  for (let remaining = radius; remaining > 0; remaining -= maximumShift)
    rows = filterRows(rows, Math.min(remaining, maximumShift), erode);
  return filterColumns(rows, radius, erode);
}

export function erodeBits(mask: BitMask, radius: number): BitMask {
  return radius > 0 ? filterSquare(mask, radius, true) : mask;
}

export function dilateBits(mask: BitMask, radius: number): BitMask {
  return radius > 0 ? filterSquare(mask, radius, false) : mask;
}

/**
 * Opening by `openRadius` then closing by `closeRadius`. The two middle dilations of a square
 * element make one of the summed radius (D_a D_b = D_(a+b)), so this is three passes, not four.
 */
export function openThenCloseBits(mask: BitMask, openRadius: number, closeRadius: number) {
  return erodeBits(dilateBits(erodeBits(mask, openRadius), openRadius + closeRadius), closeRadius);
}

type BitOperation = (mask: BitMask) => BitMask;
const onBytes = (mask: Uint8Array, width: number, height: number, operation: BitOperation) =>
  unpackMask(operation(packMask(mask, width, height)));

export function erode(mask: Uint8Array, width: number, height: number, radius = 1) {
  return onBytes(mask, width, height, (bits) => erodeBits(bits, radius));
}

export function dilate(mask: Uint8Array, width: number, height: number, radius = 1) {
  return onBytes(mask, width, height, (bits) => dilateBits(bits, radius));
}

export function open(mask: Uint8Array, width: number, height: number, radius = 1) {
  return onBytes(mask, width, height, (bits) => dilateBits(erodeBits(bits, radius), radius));
}

export function close(mask: Uint8Array, width: number, height: number, radius = 1) {
  return onBytes(mask, width, height, (bits) => erodeBits(dilateBits(bits, radius), radius));
}

export function openThenClose(
  mask: Uint8Array,
  width: number,
  height: number,
  openRadius: number,
  closeRadius: number,
) {
  return onBytes(mask, width, height, (bits) => openThenCloseBits(bits, openRadius, closeRadius));
}
