// The few globals that exist identically in browsers, Web Workers and Node. src/core is checked
// without the DOM library and without Node's types; anything else it needs is passed in.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const performance: { now(): number };
declare function queueMicrotask(callback: () => void): void;
declare class AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}
