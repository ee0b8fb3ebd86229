// Stage 6a: binary opening (removes specks and one-pixel slivers along edges left by residual
// misregistration) and closing (fills pinholes in a roof). Square structuring elements are
// separable, so each erosion or dilation is a row pass and a column pass over running counts.

/** Pixels within `radius` (Chebyshev) of a set pixel become set (or, eroding, stay set only if all are). */
function filterSquare(
  mask: Uint8Array,
  width: number,
  height: number,
  radius: number,
  erode: boolean,
) {
  const rows = new Uint8Array(mask.length);
  const out = new Uint8Array(mask.length);
  // Eroding: a pixel stays set when its window holds 2r+1 set pixels; outside the image counts as set
  // so that regions touching the border are not eaten from outside.
  const full = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let count = 0;
    for (let x = -radius; x <= radius; x++)
      count += x < 0 || x >= width ? (erode ? 1 : 0) : mask[base + x];
    for (let x = 0; x < width; x++) {
      rows[base + x] = erode ? (count === full ? 1 : 0) : count > 0 ? 1 : 0;
      const leaving = x - radius;
      const entering = x + radius + 1;
      count -= leaving < 0 ? (erode ? 1 : 0) : mask[base + leaving];
      count += entering >= width ? (erode ? 1 : 0) : mask[base + entering];
    }
  }
  const counts = new Int32Array(width);
  for (let y = -radius; y <= radius; y++) {
    if (y < 0 || y >= height) {
      if (erode) for (let x = 0; x < width; x++) counts[x]++;
      continue;
    }
    for (let x = 0; x < width; x++) counts[x] += rows[y * width + x];
  }
  for (let y = 0; y < height; y++) {
    const base = y * width;
    if (erode) for (let x = 0; x < width; x++) out[base + x] = counts[x] === full ? 1 : 0;
    else for (let x = 0; x < width; x++) out[base + x] = counts[x] > 0 ? 1 : 0;
    const leaving = y - radius;
    const entering = y + radius + 1;
    if (leaving >= 0)
      for (let x = 0, k = leaving * width; x < width; x++, k++) counts[x] -= rows[k];
    else if (erode) for (let x = 0; x < width; x++) counts[x]--;
    if (entering < height)
      for (let x = 0, k = entering * width; x < width; x++, k++) counts[x] += rows[k];
    else if (erode) for (let x = 0; x < width; x++) counts[x]++;
  }
  return out;
}

export function erode(mask: Uint8Array, width: number, height: number, radius = 1) {
  return radius > 0 ? filterSquare(mask, width, height, radius, true) : mask.slice();
}

export function dilate(mask: Uint8Array, width: number, height: number, radius = 1) {
  return radius > 0 ? filterSquare(mask, width, height, radius, false) : mask.slice();
}

export function open(mask: Uint8Array, width: number, height: number, radius = 1) {
  return dilate(erode(mask, width, height, radius), width, height, radius);
}

export function close(mask: Uint8Array, width: number, height: number, radius = 1) {
  return erode(dilate(mask, width, height, radius), width, height, radius);
}

/**
 * Opening by `openRadius` then closing by `closeRadius`. The two middle dilations of a square
 * element make one of the summed radius (D_a D_b = D_(a+b)), so this is three passes, not four.
 */
export function openThenClose(
  mask: Uint8Array,
  width: number,
  height: number,
  openRadius: number,
  closeRadius: number,
) {
  const eroded = erode(mask, width, height, openRadius);
  const dilated = dilate(eroded, width, height, openRadius + closeRadius);
  return erode(dilated, width, height, closeRadius);
}
