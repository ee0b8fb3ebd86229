// A few-kilobyte TIFF that declares a huge image: every tile entry points at the same 16 bytes.
// Enough to exercise a size budget, which must refuse the file from its header alone.
const TIFF_LONG = 4;
const TIFF_SHORT = 3;

export function declaredSizeTiff(sizePixels: number, tilePixels = 4096): ArrayBuffer {
  const across = Math.ceil(sizePixels / tilePixels);
  const tiles = across * across;
  // TIFF 6.0 tags: width, length, 8 bits, Deflate, BlackIsZero, 1 sample, tile size, offsets, counts.
  const entries: [number, number, number, number | 'offsets' | 'counts'][] = [
    [256, TIFF_LONG, 1, sizePixels],
    [257, TIFF_LONG, 1, sizePixels],
    [258, TIFF_SHORT, 1, 8],
    [259, TIFF_SHORT, 1, 8],
    [262, TIFF_SHORT, 1, 1],
    [277, TIFF_SHORT, 1, 1],
    [322, TIFF_SHORT, 1, tilePixels],
    [323, TIFF_SHORT, 1, tilePixels],
    [324, TIFF_LONG, tiles, 'offsets'],
    [325, TIFF_LONG, tiles, 'counts'],
  ];
  const ifd = 8;
  const arrays = ifd + 2 + entries.length * 12 + 4;
  const data = arrays + tiles * 8;
  const buffer = new ArrayBuffer(data + 16);
  const view = new DataView(buffer);
  view.setUint16(0, 0x4949); // "II": little-endian
  view.setUint16(2, 42, true);
  view.setUint32(4, ifd, true);
  view.setUint16(ifd, entries.length, true);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifd + 2 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, count, true);
    if (value === 'offsets') view.setUint32(at + 8, arrays, true);
    else if (value === 'counts') view.setUint32(at + 8, arrays + tiles * 4, true);
    else if (type === TIFF_SHORT) view.setUint16(at + 8, value, true);
    else view.setUint32(at + 8, value, true);
  });
  for (let t = 0; t < tiles; t++) {
    view.setUint32(arrays + t * 4, data, true);
    view.setUint32(arrays + (tiles + t) * 4, 16, true);
  }
  return buffer;
}
