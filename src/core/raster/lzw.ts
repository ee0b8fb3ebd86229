// TIFF LZW decompression (TIFF 6.0, section 13), written here for speed and robustness:
// geotiff.js's decoder grows JS arrays per string (over 30 s for a 550-megasample file, and an
// out-of-memory abort on old-style streams). Typed-array string table, output written in place.
// Handles both the TIFF 6.0 "early change" code-width rule, MSB-first, and the pre-6.0 LSB-first
// variant that libtiff still reads ("compat" LZW, recognised by its first two bytes).

const CLEAR = 256;
const END_OF_INFORMATION = 257;
const FIRST_FREE = 258;
const MAX_CODES = 4096;

export class LzwError extends Error {}

/** Decodes one strip or tile into at most `expectedBytes` bytes (shorter if the stream ends early). */
export function decodeLzw(input: Uint8Array, expectedBytes: number): Uint8Array {
  const output = new Uint8Array(expectedBytes);
  // Old-style streams start with a Clear code written LSB-first: 0x00, then a byte with bit 0 set.
  const compat = input.length >= 2 && input[0] === 0 && (input[1] & 1) === 1;
  const earlyChange = compat ? 0 : 1;
  // Every string in the table was written to the output once: keep where, and copy from there.
  const start = new Int32Array(MAX_CODES);
  const length = new Int32Array(MAX_CODES);
  let width = 9;
  let next = FIRST_FREE;
  let previous = -1;
  let out = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  let position = 0;
  const inputLength = input.length;

  while (out < expectedBytes) {
    // Refill to at least `width` bits; past the end of input the stream is over.
    while (bitCount < width) {
      if (position >= inputLength) return output.subarray(0, out);
      const byte = input[position++];
      bitBuffer = compat ? bitBuffer | (byte << bitCount) : ((bitBuffer << 8) | byte) & 0xffffff;
      bitCount += 8;
    }
    let code: number;
    if (compat) {
      code = bitBuffer & ((1 << width) - 1);
      bitBuffer >>>= width;
    } else {
      code = (bitBuffer >>> (bitCount - width)) & ((1 << width) - 1);
    }
    bitCount -= width;

    if (code === END_OF_INFORMATION) break;
    if (code === CLEAR) {
      width = 9;
      next = FIRST_FREE;
      previous = -1;
      continue;
    }
    let codeStart: number;
    let codeLength: number;
    if (code < 256) {
      codeStart = -1;
      codeLength = 1;
    } else if (code < next) {
      codeStart = start[code];
      codeLength = length[code];
    } else if (code === next && previous >= 0) {
      // The KwKwK case: the string is the previous one plus its own first character.
      codeStart = -2;
      codeLength = (previous < 256 ? 1 : length[previous]) + 1;
    } else {
      throw new LzwError(`LZW code ${code} refers to no string (next free code ${next})`);
    }
    const outStart = out;
    const n = Math.min(codeLength, expectedBytes - out);
    if (codeStart === -1) {
      output[out++] = code;
    } else if (codeStart >= 0) {
      for (let i = 0; i < n; i++) output[out + i] = output[codeStart + i];
      out += n;
    } else {
      const previousStart = previous < 256 ? -1 : start[previous];
      const previousLength = codeLength - 1;
      if (previousStart < 0) output[out] = previous;
      else
        for (let i = 0; i < Math.min(previousLength, n); i++)
          output[out + i] = output[previousStart + i];
      if (previousLength < n) output[out + previousLength] = output[out];
      out += n;
    }
    if (previous >= 0 && next < MAX_CODES) {
      // New entry: the previous string plus the first character of this one, which sit next to
      // each other in the output.
      start[next] = outStart - (previous < 256 ? 1 : length[previous]);
      length[next] = (previous < 256 ? 1 : length[previous]) + 1;
      next++;
      if (next + earlyChange >= 1 << width && width < 12) width++;
    }
    previous = code;
  }
  return out === expectedBytes ? output : output.subarray(0, out);
}
