import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.ts';

describe('collectGarbage', () => {
  // V8 frees the backing stores of collected array buffers on a background thread after the
  // collection, so their memory is returned soon after it, not within the call (on a busy machine
  // the sweep can lag the call): the figures are read once it has settled, or for up to two
  // seconds. Without the collection nothing is freed in that time, and the test fails.
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  const arrayBuffers = () => process.memoryUsage().arrayBuffers;
  const settled = async () => {
    let last = arrayBuffers();
    for (let waited = 0; waited < 2000; waited += 20) {
      await pause();
      if (arrayBuffers() === last) break;
      last = arrayBuffers();
    }
    return last;
  };
  const below = async (limit: number) => {
    for (let waited = 0; waited < 2000 && arrayBuffers() >= limit; waited += 20) await pause();
    return arrayBuffers();
  };

  it('frees an array buffer that has just become garbage', async () => {
    // The baseline after a collection: earlier tests' garbage freed meanwhile would blur it.
    collectGarbage();
    const before = await settled();
    const holder: { big: Uint8Array | null } = { big: new Uint8Array(64 * 2 ** 20).fill(1) };
    expect(arrayBuffers()).toBeGreaterThan(before + 60 * 2 ** 20);
    holder.big = null;
    collectGarbage();
    expect(await below(before + 8 * 2 ** 20)).toBeLessThan(before + 8 * 2 ** 20);
  });
});
