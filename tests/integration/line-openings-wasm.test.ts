// The WebAssembly module the core loads is the compiled text beside it, not a stale build.
import { describe, expect, it } from 'vitest';
import { lineOpeningsWasmHex } from '../../src/core/change/line-openings-wasm.ts';
import { lineOpeningsWat } from '../../src/core/change/line-openings-wat.ts';
import { compileWat } from '../tools/build-wasm.ts';

describe('line-openings WebAssembly', () => {
  it('is line-openings-wat.ts compiled (run `npm run wasm` after editing it)', async () => {
    const bytes = await compileWat(lineOpeningsWat);
    expect(lineOpeningsWasmHex).toBe(Buffer.from(bytes).toString('hex'));
  });

  it('validates with SIMD, so the core uses it rather than the scalar fallback', () => {
    const bytes = Buffer.from(lineOpeningsWasmHex, 'hex');
    expect(WebAssembly.validate(bytes)).toBe(true);
  });
});
