// A helper of the imagery worker: inflates Deflate blocks on a thread of its own, so that fetching,
// undoing predictors and copying blocks (in the imagery worker) overlap with the inflating (here).
// See inflate-pool.ts.
import { inflateInJavaScript } from '../core/raster/inflate.ts';
import type { InflateReply, InflateRequest } from './inflate-pool.ts';

const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<InflateRequest>) => void): void;
  postMessage(message: InflateReply, transfer?: Transferable[]): void;
};

/**
 * The browser's own zlib through DecompressionStream, writing at most `expectedBytes`; it throws
 * on what it does not take as a whole zlib stream (a bad checksum, bytes after the end).
 */
async function inflateNatively(compressed: Uint8Array, expectedBytes: number) {
  const out = new Uint8Array(expectedBytes);
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = expectedBytes - length;
    out.set(value.length > room ? value.subarray(0, room) : value, length);
    length += Math.min(room, value.length);
    if (length === expectedBytes) {
      await reader.cancel();
      break;
    }
  }
  return length === expectedBytes ? out : out.subarray(0, length);
}

const native = typeof DecompressionStream === 'function';

scope.addEventListener('message', ({ data: { id, compressed, expectedBytes } }) => {
  // fflate for whatever the native inflater refuses, so that a damaged block reads (or fails)
  // exactly as it does without the helper.
  const fallback = () => inflateInJavaScript(compressed, expectedBytes);
  // Through a promise either way, so that a block fflate refuses still gets its answer.
  (native
    ? inflateNatively(compressed, expectedBytes).catch(fallback)
    : Promise.resolve().then(fallback)
  ).then(
    (bytes) => scope.postMessage({ id, bytes }, [bytes.buffer]),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
