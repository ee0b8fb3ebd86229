// The score pass's WebAssembly kernels (score-pass-wat.ts) behind a small allocator. Arrays that
// already live in the kernel's memory (the rows `pinRows` hands out) are used in place; others are
// copied in and out per call, which costs little beside the arithmetic (a row of 4 096 pixels is a
// few memcpy of 4–16 KB). Every method returns false where it cannot run (no WebAssembly, a sample
// type it has no kernel for, memory it may not grow): the caller then takes its JavaScript path,
// which gives the same bits.
import type { SampleArray } from '../raster/types.ts';
import { ensureWasmMemory, instantiateWasm, type WasmMemory } from '../wasm.ts';
import { scorePassWasmHex } from './score-pass-wasm.ts';

type Translate = (
  top: number,
  bottom: number,
  n: number,
  w00: number,
  w10: number,
  w01: number,
  w11: number,
  dst: number,
) => void;

type Score = (
  b0: number,
  b1: number,
  b2: number,
  a0: number,
  a1: number,
  a2: number,
  bv: number,
  av: number,
  n: number,
  t0: number,
  t1: number,
  t2: number,
  c0: number,
  c1: number,
  c2: number,
  median: number,
  g0: number,
  g1: number,
  g2: number,
  third: number,
  dst: number,
) => void;

interface ScorePassExports {
  memory: WasmMemory;
  translateU8: Translate;
  translateU16: Translate;
  translateF32: Translate;
  scoreU8: Score;
  scoreU16: Score;
}

/** Per-sample tables of one integer before band (see change-score.ts). */
export interface ScoreTables {
  readonly offsetMinusScaled: Float64Array;
  readonly cellPart: Int32Array;
}

/** Pixels of three bands for `score`: pixel j at `bands[k][offset + j]`; `valid` null: all are. */
export interface KernelRun {
  readonly bands: readonly SampleArray[];
  readonly valid: Uint8Array | null;
  readonly offset: number;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Byte size of one sample of a type the kernels read; 0 for the others. */
function sampleBytes(array: SampleArray): 1 | 2 | 4 | 0 {
  return array instanceof Uint8Array
    ? 1
    : array instanceof Uint16Array
      ? 2
      : array instanceof Float32Array
        ? 4
        : 0;
}

export class ScorePassKernel {
  /** End of the pinned allocations (rows, tables); per-call scratch starts here. */
  private pinnedEnd = 16;
  /** Once views of the memory are handed out it must not grow: growing would detach them. */
  private viewsOut = false;
  private tablesFor: readonly ScoreTables[] | null = null;
  private medianFor: Float32Array | null = null;
  private tableAddresses: readonly number[] = [];
  private medianAddress = 0;

  private constructor(private readonly k: ScorePassExports) {}

  /** A kernel with its own memory of at least `reserveBytes`; null where WebAssembly cannot run. */
  static create(reserveBytes = 0): ScorePassKernel | null {
    const exports = instantiateWasm<ScorePassExports>(scorePassWasmHex);
    if (!exports || !ensureWasmMemory(exports.memory, reserveBytes)) return null;
    return new ScorePassKernel(exports);
  }

  /**
   * `bandCount` Float32 rows and a Uint8 row of `width` in the kernel's memory, for a pass that
   * writes them (the resampler) and reads them (the scorer) without copies; null when they do not
   * fit the memory reserved.
   */
  pinRows(bandCount: number, width: number): { bands: Float32Array[]; valid: Uint8Array } | null {
    const bandBytes = align(4 * width);
    const address = this.pin(bandCount * bandBytes + align(width));
    if (address < 0) return null;
    this.viewsOut = true;
    const buffer = this.k.memory.buffer;
    return {
      bands: Array.from(
        { length: bandCount },
        (_, b) => new Float32Array(buffer, address + b * bandBytes, width),
      ),
      valid: new Uint8Array(buffer, address + bandCount * bandBytes, width),
    };
  }

  private pin(bytes: number): number {
    const address = this.pinnedEnd;
    if (!this.fits(address + bytes)) return -1;
    this.pinnedEnd = align(address + bytes);
    return address;
  }

  private fits(end: number): boolean {
    if (end <= this.k.memory.buffer.byteLength) return true;
    return !this.viewsOut && ensureWasmMemory(this.k.memory, end);
  }

  /** Where `array` lies in the kernel's memory, or -1 when it is elsewhere. */
  private addressOf(array: ArrayBufferView): number {
    return array.buffer === this.k.memory.buffer ? array.byteOffset : -1;
  }

  /**
   * out[o] for from <= o < to, bilinear with the constant `weights` from source samples
   * p = start + (o − from) and their right and lower neighbours (a pure translation), as
   * `translateRow` in common-grid.ts computes it.
   */
  translate(
    source: SampleArray,
    sourceWidth: number,
    start: number,
    out: Float32Array,
    from: number,
    to: number,
    weights: readonly [w00: number, w10: number, w01: number, w11: number],
  ): boolean {
    const bytes = sampleBytes(source);
    const n = to - from;
    if (bytes === 0 || n <= 0) return false;
    const inPlace = this.addressOf(out);
    const rowBytes = align((n + 1) * bytes);
    const top = this.pinnedEnd;
    const bottom = top + rowBytes;
    const scratchOut = bottom + rowBytes;
    if (!this.fits(scratchOut + (inPlace < 0 ? 4 * n : 0))) return false;
    const buffer = this.k.memory.buffer;
    const copy = (at: number, first: number) => {
      const row = source.subarray(first, first + n + 1);
      if (bytes === 1) new Uint8Array(buffer, at, n + 1).set(row);
      else if (bytes === 2) new Uint16Array(buffer, at, n + 1).set(row);
      else new Float32Array(buffer, at, n + 1).set(row);
    };
    copy(top, start);
    copy(bottom, start + sourceWidth);
    const dst = inPlace >= 0 ? inPlace + 4 * from : scratchOut;
    const kernel =
      bytes === 1 ? this.k.translateU8 : bytes === 2 ? this.k.translateU16 : this.k.translateF32;
    kernel(top, bottom, n, ...weights, dst);
    if (inPlace < 0) out.set(new Float32Array(buffer, scratchOut, n), from);
    return true;
  }

  /** Copies the tables in unless they are the ones already there; false when they do not fit. */
  private placeTables(tables: readonly ScoreTables[], median: Float32Array): boolean {
    if (this.tablesFor === tables && this.medianFor === median) return true;
    const addresses: number[] = [];
    for (const t of tables) {
      const at = this.pin(t.offsetMinusScaled.byteLength + t.cellPart.byteLength);
      if (at < 0) return false;
      const buffer = this.k.memory.buffer;
      new Float64Array(buffer, at, t.offsetMinusScaled.length).set(t.offsetMinusScaled);
      new Int32Array(buffer, at + t.offsetMinusScaled.byteLength, t.cellPart.length).set(
        t.cellPart,
      );
      addresses.push(at, at + t.offsetMinusScaled.byteLength);
    }
    const medianAt = this.pin(median.byteLength);
    if (medianAt < 0) return false;
    new Float32Array(this.k.memory.buffer, medianAt, median.length).set(median);
    this.tablesFor = tables;
    this.medianFor = median;
    this.tableAddresses = addresses;
    this.medianAddress = medianAt;
    return true;
  }

  /**
   * The change score of `count` pixels into `score[scoreOffset + j]`, as
   * `ChangeScorer.scoreThreeBands` computes it: before samples all Uint8 or all Uint16 (the
   * tables' indices), after samples Float32.
   */
  score(
    tables: readonly ScoreTables[],
    median: Float32Array,
    gains: Float64Array,
    third: number,
    before: KernelRun,
    after: KernelRun,
    score: Float32Array,
    scoreOffset: number,
    count: number,
  ): boolean {
    const bytes = sampleBytes(before.bands[0]);
    if (
      count <= 0 ||
      (bytes !== 1 && bytes !== 2) ||
      !before.bands.every((b) => sampleBytes(b) === bytes) ||
      !after.bands.every((b) => b instanceof Float32Array)
    )
      return false;
    if (!this.placeTables(tables, median)) return false;
    let next = this.pinnedEnd;
    const plan: { array: SampleArray; first: number; at: number }[] = [];
    // In place where the array lives here, else a scratch slot the call copies into.
    const place = (array: SampleArray, first: number, elementBytes: number) => {
      const inPlace = this.addressOf(array);
      if (inPlace >= 0) return inPlace + first * elementBytes;
      const at = next;
      next = align(next + count * elementBytes);
      plan.push({ array, first, at });
      return at;
    };
    const b = before.bands.map((band) => place(band, before.offset, bytes));
    const a = after.bands.map((band) => place(band, after.offset, 4));
    const bv = before.valid ? place(before.valid, before.offset, 1) : 0;
    const av = after.valid ? place(after.valid, after.offset, 1) : 0;
    const dst = next;
    if (!this.fits(dst + 4 * count)) return false;
    const buffer = this.k.memory.buffer;
    for (const { array, first, at } of plan) {
      const slice = array.subarray(first, first + count);
      if (slice instanceof Uint8Array) new Uint8Array(buffer, at, count).set(slice);
      else if (slice instanceof Uint16Array) new Uint16Array(buffer, at, count).set(slice);
      else new Float32Array(buffer, at, count).set(slice);
    }
    const [t0, c0, t1, c1, t2, c2] = this.tableAddresses;
    const kernel = bytes === 1 ? this.k.scoreU8 : this.k.scoreU16;
    kernel(
      b[0],
      b[1],
      b[2],
      a[0],
      a[1],
      a[2],
      bv,
      av,
      count,
      t0,
      t1,
      t2,
      c0,
      c1,
      c2,
      this.medianAddress,
      gains[0],
      gains[1],
      gains[2],
      third,
      dst,
    );
    score.set(new Float32Array(buffer, dst, count), scoreOffset);
    return true;
  }
}
