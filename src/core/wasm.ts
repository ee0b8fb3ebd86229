// The core's WebAssembly modules (hand-written text compiled by `npm run wasm`, shipped as hex in
// NAME-wasm.ts): compiled synchronously on first use, so a kernel runs the same in a worker, in
// Node and in the tests. Null where WebAssembly is missing, lacks SIMD, or is forbidden (a
// content security policy): the caller then takes its JavaScript path.

/** What the core uses of the WebAssembly API (core is type-checked without the DOM's types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** A module's linear memory as its exports show it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const WASM_PAGE_BYTES = 65536;

const compiled = new Map<string, object | null>();

/**
 * A new instance of the module `hex` (its own memory), or null where it cannot run. The module is
 * compiled once; a caller that drops its instance frees the instance's memory.
 */
export function instantiateWasm<Exports>(hex: string): Exports | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return null;
  let module = compiled.get(hex);
  try {
    if (module === undefined) {
      const bytes = new Uint8Array(hex.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      module = api.validate(bytes) ? new api.Module(bytes) : null;
      compiled.set(hex, module);
    }
    return module ? (new api.Instance(module, {}).exports as Exports) : null;
  } catch {
    compiled.set(hex, null);
    return null;
  }
}

/** Grows `memory` to at least `bytes`; false when it cannot (the engine's limit). */
export function ensureWasmMemory(memory: WasmMemory, bytes: number): boolean {
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES) - memory.buffer.byteLength / WASM_PAGE_BYTES;
  if (pages <= 0) return true;
  try {
    memory.grow(pages);
    return true;
  } catch {
    return false;
  }
}
