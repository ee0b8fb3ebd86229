// Local mean of the change score over a square window, ignoring nodata (NaN). A change an analyst
// cares about covers many pixels, while sensor noise, JPEG blocks and texture differ pixel by
// pixel; averaging before thresholding turns a speckled response into coherent regions (the same
// reason CVA is usually run on filtered imagery). Separable running sums keep it O(1) per pixel.

export function smoothScore(
  score: Float32Array,
  width: number,
  height: number,
  radius: number,
): Float32Array {
  if (radius <= 0) return score;
  const sums = new Float32Array(score.length);
  const counts = new Uint16Array(score.length);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let sum = 0;
    let count = 0;
    for (let x = 0; x < Math.min(radius, width); x++) {
      const v = score[base + x];
      if (v === v) {
        sum += v;
        count++;
      }
    }
    for (let x = 0; x < width; x++) {
      const entering = x + radius;
      if (entering < width) {
        const v = score[base + entering];
        if (v === v) {
          sum += v;
          count++;
        }
      }
      sums[base + x] = sum;
      counts[base + x] = count;
      const leaving = x - radius;
      if (leaving >= 0) {
        const v = score[base + leaving];
        if (v === v) {
          sum -= v;
          count--;
        }
      }
    }
  }
  const out = new Float32Array(score.length);
  const columnSums = new Float64Array(width);
  const columnCounts = new Int32Array(width);
  for (let y = 0; y < Math.min(radius, height); y++) {
    for (let x = 0; x < width; x++) {
      columnSums[x] += sums[y * width + x];
      columnCounts[x] += counts[y * width + x];
    }
  }
  for (let y = 0; y < height; y++) {
    const entering = y + radius;
    if (entering < height) {
      for (let x = 0, k = entering * width; x < width; x++, k++) {
        columnSums[x] += sums[k];
        columnCounts[x] += counts[k];
      }
    }
    for (let x = 0, k = y * width; x < width; x++, k++) {
      out[k] =
        score[k] !== score[k] || columnCounts[x] === 0 ? NaN : columnSums[x] / columnCounts[x];
    }
    const leaving = y - radius;
    if (leaving >= 0) {
      for (let x = 0, k = leaving * width; x < width; x++, k++) {
        columnSums[x] -= sums[k];
        columnCounts[x] -= counts[k];
      }
    }
  }
  return out;
}
