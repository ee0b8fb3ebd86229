// PackBits run-length decoding (TIFF 6.0, section 9), written here because geotiff.js's decoder
// builds a JS array byte by byte (23 MB/s against GDAL's 170, docs/benchmarks-decode.md).

/** Decodes at most `expectedBytes` bytes; a stream that ends early gives a shorter result. */
export function decodePackBits(input: Uint8Array, expectedBytes: number): Uint8Array {
  const output = new Uint8Array(expectedBytes);
  let at = 0;
  let out = 0;
  while (at < input.length && out < expectedBytes) {
    const header = (input[at++] << 24) >> 24;
    if (header >= 0) {
      // A literal run of header + 1 bytes.
      const n = Math.min(header + 1, expectedBytes - out, input.length - at);
      output.set(input.subarray(at, at + n), out);
      at += header + 1;
      out += n;
    } else if (header !== -128) {
      // One byte repeated 1 - header times; -128 is a no-op.
      if (at >= input.length) break;
      const n = Math.min(1 - header, expectedBytes - out);
      output.fill(input[at++], out, out + n);
      out += n;
    }
  }
  return out === expectedBytes ? output : output.subarray(0, out);
}
