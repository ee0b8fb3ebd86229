// The WebAssembly modules the core loads are the compiled texts beside them, not stale builds.
import { describe, expect, it } from 'vitest';
import { cellBrightnessWasmHex } from '../../src/core/change/cell-brightness-wasm.ts';
import { lineOpeningsWasmHex } from '../../src/core/change/line-openings-wasm.ts';
import { compileWat, wasmModules } from '../tools/build-wasm.ts';

const shipped: Record<string, string> = {
  lineOpeningsWasmHex,
  cellBrightnessWasmHex,
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
