// The WebAssembly modules the core loads are the compiled texts beside them, not stale builds.
import { describe, expect, it, vi } from 'vitest';
import { cellBrightnessWasmHex } from '../../src/core/change/cell-brightness-wasm.ts';
import { lineOpeningsWasmHex } from '../../src/core/change/line-openings-wasm.ts';
import { scorePassWasmHex } from '../../src/core/change/score-pass-wasm.ts';
import { predictorWasmHex } from '../../src/core/raster/predictor-wasm.ts';
import { instantiateWasm } from '../../src/core/wasm.ts';
import { compileWat, wasmModules } from '../tools/build-wasm.ts';

const shipped: Record<string, string> = {
  lineOpeningsWasmHex,
  cellBrightnessWasmHex,
  scorePassWasmHex,
  predictorWasmHex,
};

describe('the core’s WebAssembly modules', () => {
  for (const { text, file, constant } of wasmModules) {
    it(`${file}: is ${file}-wat.ts compiled (run \`npm run wasm\` after editing it)`, async () => {
      const bytes = await compileWat(text);
      expect(shipped[constant]).toBe(Buffer.from(bytes).toString('hex'));
    });

    it(`${file}: validates (with SIMD), so the core uses it rather than its JavaScript path`, () => {
      expect(WebAssembly.validate(Buffer.from(shipped[constant], 'hex'))).toBe(true);
    });
  }
});

describe('instantiateWasm', () => {
  it('gives each caller an instance with its own memory, from one compiled module', () => {
    const compile = vi.spyOn(WebAssembly, 'Module');
    try {
      type Kernel = { memory: { buffer: ArrayBuffer; grow(pages: number): number } };
      const a = instantiateWasm<Kernel>(lineOpeningsWasmHex)!;
      const b = instantiateWasm<Kernel>(lineOpeningsWasmHex)!;
      expect(a).not.toBe(b);
      a.memory.grow(1);
      expect(a.memory.buffer.byteLength).toBe(b.memory.buffer.byteLength + 65536);
      // Compiled at most once here (not at all when an earlier test compiled it).
      expect(compile.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      compile.mockRestore();
    }
  });
});
