// Errors a user can act on. Every failure while reading a GeoTIFF surfaces as a GeoTiffReadError
// whose `reason` is a sentence about the file, never a library's internal message.

export class GeoTiffReadError extends Error {
  constructor(
    /** What is wrong with the file, in the user's words, without the file name. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'GeoTiffReadError';
  }
}

const byteCount = new Intl.NumberFormat('en-GB');
export const formatBytes = (n: number) => byteCount.format(n);

/** Known signatures of files that are often renamed to .tif by mistake. */
const signatures: readonly [string, readonly number[]][] = [
  ['a PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG', [0xff, 0xd8, 0xff]],
  ['a GIF', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a PDF', [0x25, 0x50, 0x44, 0x46]],
  ['a JPEG 2000', [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50]],
  ['an HTML page', [0x3c, 0x21]],
  ['an HTML page', [0x3c, 0x68, 0x74, 0x6d, 0x6c]],
  ['an XML or HTML document', [0x3c, 0x3f, 0x78, 0x6d, 0x6c]],
];

/** "not a TIFF file (it starts like a PNG)" for the first bytes of a file that is not a TIFF. */
export function notTiffReason(head: Uint8Array): string {
  if (head.length === 0) return 'the file is empty (0 bytes)';
  for (const [name, magic] of signatures) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) {
      return `not a TIFF file (it starts like ${name})`;
    }
  }
  if (head.length < 8) return `not a TIFF file (only ${head.length} bytes long)`;
  return 'not a TIFF file (it does not start with the TIFF signature II*/MM*)';
}

/** Rethrows aborts as they are and wraps anything else with a user-facing reason. */
export function asReadError(error: unknown, context: string): Error {
  if (error instanceof GeoTiffReadError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (/outside the bounds|out of range|offset/i.test(detail)) {
    return new GeoTiffReadError(`${context}: the data is damaged (it points outside the file)`, {
      cause: error,
    });
  }
  return new GeoTiffReadError(`${context}: ${detail}`, { cause: error });
}
