// How a TIFF stores samples and how GDAL 3.6 exposes them: the GDAL data type for a BitsPerSample /
// SampleFormat pair, and the unpacking of decoded block bytes into typed arrays, including n-bit,
// 24-bit and 64-bit samples that geotiff.js leaves unsupported.
import type { DataType, SampleArray } from './types.ts';

export const SampleFormat = { Uint: 1, Int: 2, Float: 3, ComplexInt: 5, ComplexFloat: 6 } as const;

/** GDAL 3.6's choice (GTiffDataset::Open): signed 8-bit stays Byte (PIXELTYPE=SIGNEDBYTE). */
export function gdalDataType(bits: number, sampleFormat: number): DataType | null {
  if (sampleFormat === SampleFormat.Float) {
    if (bits === 16 || bits === 24 || bits === 32) return 'Float32';
    if (bits === 64) return 'Float64';
    return null;
  }
  if (sampleFormat === SampleFormat.ComplexInt) {
    if (bits === 32) return 'CInt16';
    if (bits === 64) return 'CInt32';
    return null;
  }
  if (sampleFormat === SampleFormat.ComplexFloat) {
    if (bits === 64) return 'CFloat32';
    if (bits === 128) return 'CFloat64';
    return null;
  }
  const signed = sampleFormat === SampleFormat.Int;
  if (bits >= 1 && bits <= 8) return 'Byte';
  if (bits === 16 && signed) return 'Int16';
  if (bits <= 16) return 'UInt16';
  if (bits === 32 && signed) return 'Int32';
  if (bits <= 32) return 'UInt32';
  if (bits === 64) return signed ? 'Int64' : 'UInt64';
  return null;
}

/**
 * Array type holding one band of a data type. 64-bit integers are held as Float64 (exact up to
 * 2^53); complex types hold real and imaginary parts interleaved.
 */
export function allocateSamples(dataType: DataType, length: number): SampleArray {
  switch (dataType) {
    case 'Byte':
      return new Uint8Array(length);
    case 'Int8':
      return new Int8Array(length);
    case 'UInt16':
      return new Uint16Array(length);
    case 'Int16':
      return new Int16Array(length);
    case 'UInt32':
      return new Uint32Array(length);
    case 'Int32':
      return new Int32Array(length);
    case 'Float32':
      return new Float32Array(length);
    case 'Float64':
    case 'UInt64':
    case 'Int64':
      return new Float64Array(length);
    case 'CInt16':
      return new Int16Array(length * 2);
    case 'CInt32':
      return new Int32Array(length * 2);
    case 'CFloat32':
      return new Float32Array(length * 2);
    case 'CFloat64':
      return new Float64Array(length * 2);
  }
}

export const isComplex = (dataType: DataType) => dataType.startsWith('C');

function halfToFloat(h: number): number {
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** 24-bit float (sign, 7-bit exponent biased 63, 16-bit mantissa) as libtiff's FP24 reader. */
function float24ToFloat(v: number): number {
  const exponent = (v >> 16) & 0x7f;
  const fraction = v & 0xffff;
  const sign = v & 0x800000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -62 * (fraction / 65536);
  if (exponent === 127) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 63) * (1 + fraction / 65536);
}

export interface BlockShape {
  /** Pixels per row of the block. */
  readonly width: number;
  readonly rows: number;
  /** Samples per pixel stored in this block (SamplesPerPixel when chunky, 1 when planar). */
  readonly samplesPerPixel: number;
  readonly bitsPerSample: number;
  readonly sampleFormat: number;
  readonly littleEndian: boolean;
}

/**
 * Decoded block bytes to interleaved values of the band's GDAL data type. Rows of n-bit samples
 * start on a byte boundary (TIFF 6.0, section 2, "BitsPerSample").
 */
export function unpackSamples(
  bytes: Uint8Array,
  shape: BlockShape,
  dataType: DataType,
): SampleArray {
  const { width, rows, samplesPerPixel, bitsPerSample: bits, littleEndian } = shape;
  const perRow = width * samplesPerPixel;
  const count = perRow * rows;
  const complexFactor = isComplex(dataType) ? 2 : 1;
  const out = allocateSamples(dataType, count);
  if (bits === 8) {
    const n = Math.min(count, bytes.length);
    if (out instanceof Uint8Array) out.set(bytes.subarray(0, n));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const valueBytes = bits / 8 / complexFactor;
  if (bits % 8 === 0 && bits !== 24) {
    const values = Math.min(count * complexFactor, Math.floor(bytes.length / valueBytes));
    const float =
      shape.sampleFormat === SampleFormat.Float || shape.sampleFormat === SampleFormat.ComplexFloat;
    const signed =
      shape.sampleFormat === SampleFormat.Int || shape.sampleFormat === SampleFormat.ComplexInt;
    for (let i = 0; i < values; i++) {
      const at = i * valueBytes;
      let v: number;
      if (valueBytes === 2) {
        if (float) v = halfToFloat(view.getUint16(at, littleEndian));
        else v = signed ? view.getInt16(at, littleEndian) : view.getUint16(at, littleEndian);
      } else if (valueBytes === 4) {
        if (float) v = view.getFloat32(at, littleEndian);
        else v = signed ? view.getInt32(at, littleEndian) : view.getUint32(at, littleEndian);
      } else if (valueBytes === 8) {
        if (float) v = view.getFloat64(at, littleEndian);
        else
          v = Number(
            signed ? view.getBigInt64(at, littleEndian) : view.getBigUint64(at, littleEndian),
          );
      } else {
        v = bytes[at];
      }
      out[i] = v;
    }
    return out;
  }
  // Bit-packed samples, most significant bit first, each row starting on a byte boundary. GDAL
  // reads 24-bit samples this way too, whatever the file's byte order.
  const rowBytes = Math.ceil((perRow * bits) / 8);
  const float24 = bits === 24 && shape.sampleFormat === SampleFormat.Float;
  const signedBits = shape.sampleFormat === SampleFormat.Int && bits > 8;
  for (let row = 0; row < rows; row++) {
    const rowStart = row * rowBytes;
    if (rowStart >= bytes.length) break;
    for (let s = 0; s < perRow; s++) {
      const bitAt = s * bits;
      let byteAt = rowStart + (bitAt >> 3);
      let bitInByte = bitAt & 7;
      let v = 0;
      let remaining = bits;
      while (remaining > 0 && byteAt < bytes.length) {
        const take = Math.min(8 - bitInByte, remaining);
        const chunk = (bytes[byteAt] >> (8 - bitInByte - take)) & ((1 << take) - 1);
        v = v * (1 << take) + chunk;
        remaining -= take;
        bitInByte = 0;
        byteAt++;
      }
      if (float24) out[row * perRow + s] = float24ToFloat(v);
      else if (signedBits && v >= 2 ** (bits - 1)) out[row * perRow + s] = v - 2 ** bits;
      else out[row * perRow + s] = v;
    }
  }
  return out;
}
