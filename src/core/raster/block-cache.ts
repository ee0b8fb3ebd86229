// Decoded blocks kept for re-reads (panning, overview then window), bounded by their bytes rather
// than their count: 256 tiles of 512 x 512 x 4 Float32 would otherwise hold 1 GiB.
import type { DecodedBlock } from './decode-block.ts';

/** Default budget of a reader's decoded-block cache: 256 MiB. */
export const DEFAULT_BLOCK_CACHE_BYTES = 256 * 2 ** 20;

interface Entry {
  readonly block: Promise<DecodedBlock>;
  /** Null while the block is still decoding: its size is not known yet. */
  bytes: number | null;
}

/** Least-recently-used cache of decoded blocks; a Map keeps insertion order, oldest first. */
export class BlockCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(readonly budgetBytes: number = DEFAULT_BLOCK_CACHE_BYTES) {
    if (!(budgetBytes >= 0)) throw new RangeError(`invalid block cache budget ${budgetBytes}`);
  }

  /** Bytes of the decoded blocks held now (blocks still decoding are not counted). */
  get cachedBytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * The cached block for `key`, or the one `decode` starts. Concurrent reads of one block share a
   * single decode; a failed decode is forgotten so that a later read tries again.
   */
  get(key: string, decode: () => Promise<DecodedBlock>): Promise<DecodedBlock> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.block;
    }
    const entry: Entry = { block: decode(), bytes: null };
    this.entries.set(key, entry);
    entry.block.then(
      (block) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = block.values.byteLength;
        this.totalBytes += block.values.byteLength;
        this.evict(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.block;
  }

  /**
   * Drops the least recently used decoded blocks until the budget holds. The block just decoded
   * goes last: it is dropped only when it alone exceeds the budget (its reader still gets it).
   */
  private evict(newestKey: string): void {
    for (const [key, entry] of this.entries) {
      if (this.totalBytes <= this.budgetBytes) return;
      if (key !== newestKey && entry.bytes !== null) this.remove(key, entry);
    }
    const newest = this.entries.get(newestKey);
    if (newest && this.totalBytes > this.budgetBytes) this.remove(newestKey, newest);
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.totalBytes -= entry.bytes ?? 0;
  }
}
