// Byte sources for the browser side: a local file (Blob) read in slices, and a remote
// Cloud-Optimized GeoTIFF read with HTTP range requests. Both count the bytes they deliver so the
// UI can show what was fetched.

export interface CountingByteSource {
  readonly byteLength?: number;
  read(offset: number, length: number, signal?: AbortSignal): Promise<ArrayBuffer>;
  /** Bytes read so far. */
  bytesRead(): number;
}

export function blobByteSource(blob: Blob): CountingByteSource {
  let total = 0;
  return {
    byteLength: blob.size,
    async read(offset, length) {
      const end = Math.min(blob.size, offset + length);
      const buffer = await blob.slice(offset, end).arrayBuffer();
      total += buffer.byteLength;
      return buffer;
    },
    bytesRead: () => total,
  };
}

export class RemoteSourceError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'RemoteSourceError';
  }
}

/** Size of the first request, which also tells whether the server honours ranges. */
const PROBE_BYTES = 64 * 1024;

/**
 * Why a fetch failed before any answer could be read. The browser hides the difference between a
 * server that cannot be reached and one that answers without CORS headers; a `no-cors` request
 * tells them apart (it resolves, opaquely, when the server answered at all).
 */
async function unreachableReason(url: string, signal?: AbortSignal): Promise<string> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop);
  try {
    await fetch(url, { mode: 'no-cors', signal: controller.signal });
    return (
      `the server at ${url} answered but does not let this page read the file: it sends no ` +
      'CORS header (Access-Control-Allow-Origin). Ask its owner to allow cross-origin requests, ' +
      'or download the file and open it as a local file'
    );
  } catch {
    return `could not reach ${url}: the network failed or the server is not running`;
  } finally {
    // Only whether it answered was wanted: the body (maybe the whole file) is not downloaded.
    controller.abort();
    signal?.removeEventListener('abort', stop);
  }
}

/** Drops an answer's body unread, so that a whole file sent instead of a range stops coming. */
function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {});
}

export async function urlByteSource(
  url: string,
  signal?: AbortSignal,
): Promise<CountingByteSource> {
  let total = 0;
  const fetchRange = async (start: number, endInclusive: number, rangeSignal?: AbortSignal) => {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Range: `bytes=${start}-${endInclusive}` },
        signal: rangeSignal,
      });
    } catch (error) {
      if (rangeSignal?.aborted) throw error;
      throw new RemoteSourceError(await unreachableReason(url, rangeSignal), url);
    }
    if (response.status !== 206) discardBody(response);
    if (response.status === 200) {
      throw new RemoteSourceError(
        `the server at ${url} ignores HTTP range requests, so the file cannot be read in parts; ` +
          'download it and open it as a local file',
        url,
      );
    }
    if (response.status === 416) return { buffer: new ArrayBuffer(0), size: NaN };
    if (response.status !== 206) {
      throw new RemoteSourceError(`the server answered HTTP ${response.status} for ${url}`, url);
    }
    const buffer = await response.arrayBuffer();
    total += buffer.byteLength;
    const contentRange = response.headers.get('Content-Range');
    return { buffer, size: contentRange ? Number(contentRange.split('/')[1]) : NaN };
  };

  const probe = await fetchRange(0, PROBE_BYTES - 1, signal);
  const byteLength = Number.isFinite(probe.size) ? probe.size : undefined;
  return {
    byteLength,
    async read(offset, length, readSignal) {
      const end =
        byteLength !== undefined ? Math.min(byteLength, offset + length) : offset + length;
      if (end <= offset) return new ArrayBuffer(0);
      // The probe already holds the start of the file, where a COG keeps its header.
      if (end <= probe.buffer.byteLength) return probe.buffer.slice(offset, end);
      return (await fetchRange(offset, end - 1, readSignal ?? signal)).buffer;
    },
    bytesRead: () => total,
  };
}
