// TIFF predictors, undone after decompression. Horizontal differencing (TIFF 6.0, section 14)
// is undone on unpacked integer values, modulo 2^bits; the floating-point predictor (Adobe
// Technical Note 3) on the block's bytes, giving little-endian floats.
import { ensureWasmMemory, instantiateWasm, type WasmMemory } from '../wasm.ts';
import { predictorWasmHex } from './predictor-wasm.ts';
import { littleEndianPlatform } from './tiff-tiles.ts';
import type { SampleArray } from './types.ts';

export function undoHorizontalPredictor(
  values: SampleArray,
  width: number,
  rows: number,
  samplesPerPixel: number,
  bits: number,
): void {
  // One loop per array type keeps each monomorphic, several times faster than a shared one.
  if (values instanceof Uint8Array) accumulateBytes(values, width, rows, samplesPerPixel);
  else if (values instanceof Uint16Array && bits === 16)
    accumulateShorts(values, width, rows, samplesPerPixel);
  else accumulateModulo(values, width, rows, samplesPerPixel, bits);
}

type Accumulate = (address: number, perRow: number, rows: number) => void;
type PredictorKernel = { memory: WasmMemory } & Record<`accumulate${8 | 16}x${number}`, Accumulate>;

let kernel: PredictorKernel | null | undefined;

/**
 * Blocks up to this size go through WebAssembly (tiles, strips of a few rows); a larger one (a
 * whole image in one strip) stays in JavaScript rather than grow the kernel's memory for good.
 */
const kernelBlockBytes = 4 << 20;
const kernelAddress = 16;

/**
 * Undoes the predictor in WebAssembly (predictor-wat.ts) for 8- and 16-bit samples, one to four a
 * pixel; false where it cannot (no WebAssembly, another layout, a block too large), and the
 * JavaScript below runs instead, to the same values.
 */
function accumulateInWasm(
  values: Uint8Array | Uint16Array,
  width: number,
  rows: number,
  samplesPerPixel: number,
): boolean {
  const perRow = width * samplesPerPixel;
  const count = perRow * rows;
  const bytes = count * values.BYTES_PER_ELEMENT;
  if (samplesPerPixel < 1 || samplesPerPixel > 4 || count === 0 || count > values.length)
    return false;
  // The kernel's 16-bit loads are little-endian, as a Uint16Array is on every platform but a rare
  // big-endian one.
  if (bytes > kernelBlockBytes || (values instanceof Uint16Array && !littleEndianPlatform))
    return false;
  if (kernel === undefined) kernel = instantiateWasm<PredictorKernel>(predictorWasmHex);
  if (!kernel || !ensureWasmMemory(kernel.memory, kernelAddress + bytes)) return false;
  const buffer = kernel.memory.buffer;
  const block = values.subarray(0, count);
  if (block instanceof Uint8Array) {
    const inKernel = new Uint8Array(buffer, kernelAddress, count);
    inKernel.set(block);
    kernel[`accumulate8x${samplesPerPixel}`](kernelAddress, perRow, rows);
    block.set(inKernel);
  } else {
    const inKernel = new Uint16Array(buffer, kernelAddress, count);
    inKernel.set(block);
    kernel[`accumulate16x${samplesPerPixel}`](kernelAddress, perRow, rows);
    block.set(inKernel);
  }
  return true;
}

function accumulateBytes(values: Uint8Array, width: number, rows: number, samplesPerPixel: number) {
  if (accumulateInWasm(values, width, rows, samplesPerPixel)) return;
  if (samplesPerPixel === 3) return accumulateRgbBytes(values, width, rows);
  const perRow = width * samplesPerPixel;
  for (let row = 0; row < rows; row++) {
    const end = (row + 1) * perRow;
    for (let i = row * perRow + samplesPerPixel; i < end; i++)
      values[i] += values[i - samplesPerPixel];
  }
}

/**
 * RGB bytes, the commonest imagery: the three running sums stay in registers, where the general
 * loop reads back each byte it has just stored (about 4 times as slow).
 */
function accumulateRgbBytes(values: Uint8Array, width: number, rows: number) {
  const perRow = width * 3;
  for (let row = 0; row < rows; row++) {
    const start = row * perRow;
    let r = values[start];
    let g = values[start + 1];
    let b = values[start + 2];
    for (let i = start + 3; i < start + perRow; i += 3) {
      r = (r + values[i]) & 0xff;
      g = (g + values[i + 1]) & 0xff;
      b = (b + values[i + 2]) & 0xff;
      values[i] = r;
      values[i + 1] = g;
      values[i + 2] = b;
    }
  }
}

function accumulateShorts(
  values: Uint16Array,
  width: number,
  rows: number,
  samplesPerPixel: number,
) {
  if (accumulateInWasm(values, width, rows, samplesPerPixel)) return;
  const perRow = width * samplesPerPixel;
  for (let row = 0; row < rows; row++) {
    const end = (row + 1) * perRow;
    for (let i = row * perRow + samplesPerPixel; i < end; i++)
      values[i] += values[i - samplesPerPixel];
  }
}

function accumulateModulo(
  values: SampleArray,
  width: number,
  rows: number,
  samplesPerPixel: number,
  bits: number,
) {
  const perRow = width * samplesPerPixel;
  // Typed arrays of the sample's own width wrap by themselves; narrower samples need the modulus.
  const modulus = bits < 32 && bits !== 16 ? 2 ** bits : 0;
  for (let row = 0; row < rows; row++) {
    const start = row * perRow;
    for (let i = start + samplesPerPixel; i < start + perRow; i++) {
      const sum = values[i] + values[i - samplesPerPixel];
      values[i] = modulus ? sum % modulus : sum;
    }
  }
}

/** Undoes predictor 3 in place: per row, byte-wise accumulation then un-shuffling of byte planes. */
export function undoFloatingPointPredictor(
  bytes: Uint8Array,
  width: number,
  rows: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): void {
  const samplesPerRow = width * samplesPerPixel;
  const rowBytes = samplesPerRow * bytesPerSample;
  const shuffled = new Uint8Array(rowBytes);
  for (let row = 0; row < rows; row++) {
    const start = row * rowBytes;
    if (start + rowBytes > bytes.length) break;
    const line = bytes.subarray(start, start + rowBytes);
    for (let i = samplesPerPixel; i < rowBytes; i++)
      line[i] = (line[i] + line[i - samplesPerPixel]) & 0xff;
    shuffled.set(line);
    // Plane k holds byte k of each sample, most significant first.
    for (let s = 0; s < samplesPerRow; s++) {
      for (let b = 0; b < bytesPerSample; b++) {
        line[s * bytesPerSample + (bytesPerSample - 1 - b)] = shuffled[b * samplesPerRow + s];
      }
    }
  }
}
