// Where a GeoTIFF's bytes come from. Core never opens files or URLs itself: the caller passes an
// ArrayBuffer or a ByteSource (a Node file, a browser Blob, HTTP range requests), so the same reader
// runs in a Web Worker, in Node and in tests.

export interface ByteSource {
  /** Total size in bytes when known; lets the reader reject truncated files before decoding. */
  readonly byteLength?: number;
  /** Bytes [offset, offset + length); may return fewer at the end of the file. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<ArrayBuffer>;
}

/** An in-memory source; the reader takes views of it instead of copies. */
export interface InMemorySource extends ByteSource {
  readonly bytes: Uint8Array;
}

export function arrayBufferSource(buffer: ArrayBuffer): InMemorySource {
  return {
    bytes: new Uint8Array(buffer),
    byteLength: buffer.byteLength,
    read: async (offset, length) =>
      buffer.slice(
        Math.min(offset, buffer.byteLength),
        Math.min(offset + length, buffer.byteLength),
      ),
  };
}

/** Header reads are rounded up to this many bytes so the many small IFD reads of a remote COG coalesce. */
const HEADER_CHUNK_BYTES = 64 * 1024;
const MAX_CACHED_CHUNKS = 256;

/** Most bytes one gathered read asks for (see `ChunkedReader.gather`). */
export const GATHERED_SPAN_BYTES = 4 * 1024 * 1024;
/**
 * Largest run of unwanted bytes between two blocks that a gathered read fetches across: enough for
 * the 4-byte leader and trailer GDAL writes around each tile of a COG, too little to take in a
 * tile nobody asked for (a remote COG's bytes can cost the user).
 */
const GATHER_GAP_BYTES = 1024;

/** Consecutive blocks of one gather, fetched in one read when the first of them is wanted. */
interface Span {
  readonly start: number;
  end: number;
  bytes: Promise<Uint8Array> | null;
  /** Reads of it still to come; its bytes are dropped when none are. */
  remaining: number;
  next: Span | null;
  readonly signal: AbortSignal | undefined;
}

/**
 * A source that serves small reads (IFD entries, tag values, small tiles) from cached aligned
 * chunks and passes reads of more than a chunk (most tiles and strips) straight through. Tiles go
 * through the cache only when small enough to share a chunk with their neighbours: a 4096² RGB
 * Deflate file (130 KB tiles) read through the cache kept 16 MB of chunks and copied every tile
 * once more; the peak memory of `sitediff detect` on two such files was 20–35 MB higher. A read
 * of many blocks can first announce them (`gather`), and neighbours are then fetched together.
 */
export class ChunkedReader {
  private readonly chunks = new Map<number, Promise<Uint8Array>>();
  /** Gathered blocks by `offset/length`. */
  private readonly spans = new Map<string, Span>();

  constructor(
    readonly source: ByteSource,
    private readonly signal?: AbortSignal,
  ) {}

  get byteLength(): number | undefined {
    return this.source.byteLength;
  }

  private chunk(index: number): Promise<Uint8Array> {
    let cached = this.chunks.get(index);
    if (!cached) {
      cached = this.source
        .read(index * HEADER_CHUNK_BYTES, HEADER_CHUNK_BYTES, this.signal)
        .then((buffer) => new Uint8Array(buffer));
      if (this.chunks.size >= MAX_CACHED_CHUNKS) {
        const oldest = this.chunks.keys().next().value;
        if (oldest !== undefined) this.chunks.delete(oldest);
      }
      this.chunks.set(index, cached);
    }
    return cached;
  }

  /**
   * Announces the blocks ([offset, length] each) a read of many is about to ask for: runs of them
   * that lie next to each other in the file (no more than 1 KiB apart, at most 4 MiB in all) are
   * then fetched in one read each, when the first block of a run is asked for, with the next run
   * read ahead. Over HTTP a read per tile costs a request each: measured on the demo site in
   * headless Chromium, reading the two images for detection took 1.4–1.6 s from the app's server
   * against 1.0–1.1 s from local files; 1.0–1.1 s from the server with the runs and the app's
   * inflating helper (docs/benchmarks.md). The bytes served are the same, and a run that cannot be read is read
   * block by block as before. Returns the function that lets go of what is left of the runs.
   */
  gather(blocks: readonly (readonly [number, number])[], signal?: AbortSignal): () => void {
    if ((this.source as Partial<InMemorySource>).bytes) return () => {};
    const sorted = blocks
      .filter(([offset, length]) => offset > 0 && length > 0 && length <= GATHERED_SPAN_BYTES)
      .sort((a, b) => a[0] - b[0]);
    const mine: Span[] = [];
    let span: Span | null = null;
    let members: string[] = [];
    const close = () => {
      // A run of one block gains nothing: it is read as before.
      if (span && members.length > 1) {
        const previous = mine.at(-1);
        if (previous) previous.next = span;
        mine.push(span);
        for (const key of members) {
          if (this.spans.has(key)) continue;
          this.spans.set(key, span);
          span.remaining++;
        }
      }
      span = null;
      members = [];
    };
    for (const [offset, length] of sorted) {
      const end = offset + length;
      if (
        !span ||
        offset > span.end + GATHER_GAP_BYTES ||
        Math.max(end, span.end) - span.start > GATHERED_SPAN_BYTES
      ) {
        close();
        span = { start: offset, end, bytes: null, remaining: 0, next: null, signal };
      }
      span.end = Math.max(span.end, end);
      members.push(`${offset}/${length}`);
    }
    close();
    const owned = new Set(mine);
    return () => {
      for (const [key, span] of this.spans) if (owned.has(span)) this.spans.delete(key);
      for (const span of mine) span.bytes = null;
    };
  }

  private fetchSpan(span: Span): Promise<Uint8Array> {
    span.bytes ??= this.source
      .read(span.start, span.end - span.start, span.signal ?? this.signal)
      .then((buffer) => new Uint8Array(buffer));
    return span.bytes;
  }

  /** A gathered block's bytes, or null when it is not gathered or its run could not be read. */
  private async gathered(offset: number, length: number): Promise<Uint8Array | null> {
    const key = `${offset}/${length}`;
    const span = this.spans.get(key);
    if (!span) return null;
    this.spans.delete(key);
    span.remaining--;
    const pending = this.fetchSpan(span);
    if (span.next && span.next.remaining > 0) void this.fetchSpan(span.next).catch(() => {});
    if (span.remaining === 0) span.bytes = null;
    let bytes: Uint8Array;
    try {
      bytes = await pending;
    } catch {
      return null;
    }
    const from = Math.min(offset - span.start, bytes.length);
    return bytes.subarray(from, Math.min(bytes.length, from + length));
  }

  /** Bytes [offset, offset + length), possibly shorter at the end of the file. */
  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    if (length <= 0) return new Uint8Array(0);
    if (this.spans.size > 0) {
      const bytes = await this.gathered(offset, length);
      if (bytes) return bytes;
      signal?.throwIfAborted();
    }
    const inMemory = (this.source as Partial<InMemorySource>).bytes;
    if (inMemory)
      return inMemory.subarray(
        Math.min(offset, inMemory.length),
        Math.min(offset + length, inMemory.length),
      );
    if (length > HEADER_CHUNK_BYTES) {
      return new Uint8Array(await this.source.read(offset, length, signal ?? this.signal));
    }
    const first = Math.floor(offset / HEADER_CHUNK_BYTES);
    const last = Math.floor((offset + length - 1) / HEADER_CHUNK_BYTES);
    const parts: Uint8Array[] = [];
    for (let index = first; index <= last; index++) parts.push(await this.chunk(index));
    const out = new Uint8Array(length);
    let filled = 0;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      const start = k === 0 ? offset - first * HEADER_CHUNK_BYTES : 0;
      const take = Math.min(part.length - start, length - filled);
      if (take <= 0) break;
      out.set(part.subarray(start, start + take), filled);
      filled += take;
      if (part.length < HEADER_CHUNK_BYTES) break;
    }
    return filled === length ? out : out.subarray(0, filled);
  }
}
