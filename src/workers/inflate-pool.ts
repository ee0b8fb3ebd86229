// Deflate blocks inflated by helper workers (inflate.worker.ts) for the imagery worker, handed to
// core's reader through configureInflate. Measured on the demo site in headless Chromium (npm run
// bench:app, docs/benchmarks.md): reading the two images for detection kept the imagery worker busy
// most of the time, fflate's inflating the largest part of it; with the inflating on another
// thread the two overlap. Small blocks stay on the imagery worker's thread, where a message each
// way would cost more than they take. A helper that cannot start (or fails) is given up, and the
// blocks go back to fflate on the calling thread: the same bytes either way.
import { inflateInJavaScript, type Inflate } from '../core/raster/inflate.ts';

export interface InflateRequest {
  readonly id: number;
  readonly compressed: Uint8Array;
  readonly expectedBytes: number;
}
export type InflateReply =
  | { readonly id: number; readonly bytes: Uint8Array }
  | { readonly id: number; readonly error: string };

/** A worker, as far as the pool uses one. */
export interface InflateHelper {
  postMessage(message: InflateRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<InflateReply>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** Blocks whose compressed bytes are fewer than this are inflated in place. */
export const SMALLEST_BLOCK_FOR_HELPER = 16 * 1024;

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * An `Inflate` that spreads blocks over `count` helpers made by `start`, each block to the helper
 * with the fewest waiting. The compressed bytes are copied (they are often a view into a larger
 * read) and moved to the helper; the inflated bytes move back.
 */
export function helperInflate(start: () => InflateHelper, count: number): Inflate {
  interface Slot {
    helper: InflateHelper | null;
    waiting: Map<number, Pending>;
  }
  let slots: Slot[] | null = null;
  let nextId = 1;
  const giveUp = (slot: Slot, reason: string) => {
    slot.helper?.terminate();
    slot.helper = null;
    for (const pending of slot.waiting.values()) pending.reject(new Error(reason));
    slot.waiting.clear();
  };
  const open = (): Slot[] =>
    Array.from({ length: Math.max(1, count) }, () => {
      const slot: Slot = { helper: null, waiting: new Map() };
      try {
        const helper = start();
        helper.addEventListener('message', ({ data }) => {
          const pending = slot.waiting.get(data.id);
          if (!pending) return;
          slot.waiting.delete(data.id);
          if ('bytes' in data) pending.resolve(data.bytes);
          else pending.reject(new Error(data.error));
        });
        helper.addEventListener('error', () => giveUp(slot, 'the inflate helper failed'));
        slot.helper = helper;
      } catch {
        slot.helper = null;
      }
      return slot;
    });
  return (compressed, expectedBytes) => {
    if (compressed.length < SMALLEST_BLOCK_FOR_HELPER)
      return inflateInJavaScript(compressed, expectedBytes);
    slots ??= open();
    let best: Slot | null = null;
    for (const slot of slots)
      if (slot.helper && (!best || slot.waiting.size < best.waiting.size)) best = slot;
    if (!best) return inflateInJavaScript(compressed, expectedBytes);
    const slot = best;
    const id = nextId++;
    const copy = compressed.slice();
    return new Promise<Uint8Array>((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      slot.helper!.postMessage({ id, compressed: copy, expectedBytes }, [copy.buffer]);
    });
  };
}
