// Inflating Deflate blocks (TIFF compression 8, zlib streams). fflate by default: plain JavaScript
// that runs wherever core runs. A runtime with a native zlib hands it in (configureInflate): Node's
// inflates the bench's tiles 3 times as fast as fflate, on its thread pool, off the main thread.
import { unzlibSync } from 'fflate';

/** Inflates a zlib stream expected to hold `expectedBytes`; throws when the data is damaged. */
export type Inflate = (
  compressed: Uint8Array,
  expectedBytes: number,
) => Uint8Array | Promise<Uint8Array>;

/**
 * fflate writes at most `expectedBytes` (the block's size) and does not check the Adler-32 trailer;
 * a shorter stream gives a shorter block.
 */
export function inflateInJavaScript(compressed: Uint8Array, expectedBytes: number): Uint8Array {
  return unzlibSync(compressed, { out: new Uint8Array(expectedBytes) });
}

let native: Inflate | null = null;

/** A native inflater to use instead of fflate (null: back to fflate). */
export function configureInflate(inflate: Inflate | null): void {
  native = inflate;
}

/**
 * The block's bytes. A stream the native inflater refuses goes to fflate, so that what fflate
 * reads (a wrong checksum, surplus data) reads as before and what it refuses fails as before.
 */
export async function inflateBlock(
  compressed: Uint8Array,
  expectedBytes: number,
): Promise<Uint8Array> {
  if (!native) return inflateInJavaScript(compressed, expectedBytes);
  let bytes: Uint8Array;
  try {
    bytes = await native(compressed, expectedBytes);
  } catch {
    return inflateInJavaScript(compressed, expectedBytes);
  }
  return bytes.length > expectedBytes ? bytes.subarray(0, expectedBytes) : bytes;
}
