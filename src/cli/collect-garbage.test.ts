import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.ts';

describe('collectGarbage', () => {
  it('frees an array buffer that has just become garbage', () => {
    // The baseline after a collection: earlier tests' garbage freed meanwhile would blur it.
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    const holder: { big: Uint8Array | null } = { big: new Uint8Array(64 * 2 ** 20).fill(1) };
    expect(process.memoryUsage().arrayBuffers).toBeGreaterThan(before + 60 * 2 ** 20);
    holder.big = null;
    collectGarbage();
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(before + 8 * 2 ** 20);
  });
});
