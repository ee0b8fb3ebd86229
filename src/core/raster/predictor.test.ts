import { afterEach, describe, expect, it, vi } from 'vitest';
import { instantiateWasm } from '../wasm.ts';
import { predictorWasmHex } from './predictor-wasm.ts';

// instantiateWasm as it is, watched: whether the kernel was built, and how often.
vi.mock('../wasm.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../wasm.ts')>();
  return { ...original, instantiateWasm: vi.fn(original.instantiateWasm) };
});
const kernelBuilds = () => {
  const { calls, results } = vi.mocked(instantiateWasm).mock;
  return results.filter((_, k) => calls[k][0] === predictorWasmHex);
};

// Horizontal differencing undone as TIFF 6.0 defines it, sample by sample: the reference both the
// WebAssembly kernel and the JavaScript loops must match.
function reference(values: number[], width: number, rows: number, samples: number, bits: number) {
  const out = values.slice();
  for (let row = 0; row < rows; row++)
    for (let x = 1; x < width; x++)
      for (let s = 0; s < samples; s++) {
        const i = (row * width + x) * samples + s;
        out[i] = (out[i] + out[i - samples]) % 2 ** bits;
      }
  return out;
}

/** The first index where two sequences differ, -1 if none: a short failure on a long block. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

function noise(seed: number, n: number, range: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * range);
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(instantiateWasm).mockClear();
  // A fresh predictor module per test, so each looks for the kernel under its own WebAssembly.
  vi.resetModules();
});

const cases = [8, 16].flatMap((bits) => [1, 2, 3, 4, 5].map((samples) => ({ bits, samples })));

for (const wasm of [true, false])
  describe(`undoHorizontalPredictor ${wasm ? 'in WebAssembly' : 'without WebAssembly'}`, () => {
    for (const { bits, samples } of cases)
      it(`restores ${bits}-bit samples, ${samples} a pixel`, async () => {
        if (!wasm) vi.stubGlobal('WebAssembly', undefined);
        const { undoHorizontalPredictor } = await import('./predictor.ts');
        const width = 37;
        const rows = 5;
        const raw = noise(bits * 10 + samples, width * rows * samples, 2 ** bits);
        // One element more than the block: a strip's buffer may be longer than its rows.
        const values = bits === 8 ? Uint8Array.from([...raw, 7]) : Uint16Array.from([...raw, 7]);
        undoHorizontalPredictor(values, width, rows, samples, bits);
        const expected = [...reference(raw, width, rows, samples, bits), 7];
        expect(firstDifference(values, expected)).toBe(-1);
        // Five samples a pixel has no kernel: JavaScript either way.
        const built = kernelBuilds();
        expect(built.length).toBe(samples <= 4 ? 1 : 0);
        if (built.length) expect(built[0].value === null).toBe(!wasm);
      });
  });

describe('the predictor kernel', () => {
  it('runs for a tile of RGB bytes (the commonest case) and is not rebuilt per block', async () => {
    const { undoHorizontalPredictor } = await import('./predictor.ts');
    const tile = Uint8Array.from(noise(3, 256 * 256 * 3, 256));
    const expected = reference(Array.from(tile), 256, 256, 3, 8);
    undoHorizontalPredictor(tile, 256, 256, 3, 8);
    undoHorizontalPredictor(Uint8Array.from(noise(4, 300, 256)), 100, 1, 3, 8);
    expect(firstDifference(tile, expected)).toBe(-1);
    expect(kernelBuilds().length).toBe(1);
    expect(kernelBuilds()[0].value).not.toBeNull();
  });
});
