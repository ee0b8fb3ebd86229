// CCITT Group 3 and Group 4 fax compression (TIFF 6.0 sections 10-11, TIFF Class F), decoded by
// the CCITT decoders of UTIF.js (utif2), a maintained TIFF library; geotiff.js has none. They
// write black runs as 1 bits, as libtiff does, which GDAL exposes unchanged.
import { GeoTiffReadError } from './read-error.ts';

const T4_TWO_DIMENSIONAL = 1;

export async function decodeCcitt(
  raw: Uint8Array,
  compression: 2 | 3 | 4,
  width: number,
  rows: number,
  fillOrder: number,
  t4Options: number,
): Promise<Uint8Array> {
  const { default: UTIF } = await import('utif2');
  const output = new Uint8Array(Math.ceil(width / 8) * rows);
  const decode =
    compression === 4
      ? UTIF.decode._decodeG4
      : compression === 3
        ? UTIF.decode._decodeG3
        : UTIF.decode._decodeG2;
  try {
    decode(raw, 0, raw.length, output, 0, width, fillOrder, (t4Options & T4_TWO_DIMENSIONAL) !== 0);
  } catch (error) {
    throw new GeoTiffReadError('a fax-compressed (CCITT) strip is damaged and cannot be decoded', {
      cause: error,
    });
  }
  return output;
}
