// The imagery worker's inflate helpers (inflate-pool.ts), with helpers that answer in process.
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { configureInflate, inflateBlock, inflateInJavaScript } from '../core/raster/inflate.ts';
import {
  helperInflate,
  SMALLEST_BLOCK_FOR_HELPER,
  type InflateHelper,
  type InflateReply,
  type InflateRequest,
} from './inflate-pool.ts';

/** A helper that inflates as inflate.worker.ts does, or fails as told; it counts its blocks. */
function fakeHelper(behaviour: 'inflate' | 'error-event' | 'error-reply' = 'inflate') {
  const listeners: { message: ((e: MessageEvent<InflateReply>) => void)[]; error: (() => void)[] } =
    { message: [], error: [] };
  const helper = {
    received: 0,
    terminated: false,
    postMessage(message: InflateRequest) {
      helper.received++;
      queueMicrotask(() => {
        if (behaviour === 'error-event') return listeners.error.forEach((l) => l());
        const reply: InflateReply =
          behaviour === 'error-reply'
            ? { id: message.id, error: 'invalid block type' }
            : {
                id: message.id,
                bytes: inflateInJavaScript(message.compressed, message.expectedBytes),
              };
        listeners.message.forEach((l) => l({ data: reply } as MessageEvent<InflateReply>));
      });
    },
    addEventListener(type: 'message' | 'error', listener: never) {
      listeners[type].push(listener);
    },
    terminate() {
      helper.terminated = true;
    },
  };
  return helper;
}

let seed = 11;
const noise = (n: number) =>
  Uint8Array.from({ length: n }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24);
const big = noise(64 * 1024);
const bigStream = zlibSync(big, { level: 1 });

describe('inflate helpers', () => {
  it('sends large blocks to the least busy helper and inflates small ones in place', async () => {
    const helpers = [fakeHelper(), fakeHelper()];
    let started = 0;
    const inflate = helperInflate(() => helpers[started++] as unknown as InflateHelper, 2);
    expect(bigStream.length).toBeGreaterThanOrEqual(SMALLEST_BLOCK_FOR_HELPER);
    const results = await Promise.all([1, 2, 3, 4].map(() => inflate(bigStream, big.length)));
    for (const bytes of results) expect(bytes).toEqual(big);
    expect(helpers.map((h) => h.received)).toEqual([2, 2]);
    const small = Uint8Array.from({ length: 1000 }, (_, k) => k & 7);
    expect(await inflate(zlibSync(small), small.length)).toEqual(small);
    expect(helpers[0].received + helpers[1].received).toBe(4);
  });

  it('gives up a helper that fails, and reads the blocks in place from then on', async () => {
    const failing = fakeHelper('error-event');
    const inflate = helperInflate(() => failing as unknown as InflateHelper, 1);
    await expect(inflate(bigStream, big.length)).rejects.toThrow(/helper failed/);
    expect(failing.terminated).toBe(true);
    expect(await inflate(bigStream, big.length)).toEqual(big);
    expect(failing.received).toBe(1);
    // A helper that cannot even start: in place from the first block.
    const unstartable = helperInflate(() => {
      throw new Error('no nested workers here');
    }, 1);
    expect(await unstartable(bigStream, big.length)).toEqual(big);
  });

  it('leaves a damaged block to fail as it fails without helpers', async () => {
    const damaged = bigStream.slice();
    damaged[2] = 0xff; // an invalid block type
    const expected = await inflateBlock(damaged, big.length).then(
      () => 'read',
      (error: Error) => error.message,
    );
    expect(expected).not.toBe('read');
    configureInflate(helperInflate(() => fakeHelper('error-reply') as unknown as InflateHelper, 1));
    try {
      const message = await inflateBlock(damaged, big.length).then(
        () => 'read',
        (error: Error) => error.message,
      );
      expect(message).toBe(expected);
      expect(await inflateBlock(bigStream, big.length)).toEqual(big);
    } finally {
      configureInflate(null);
    }
  });
});
