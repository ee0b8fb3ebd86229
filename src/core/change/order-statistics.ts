// The k-th smallest of many samples (a median, a percentile) without sorting them: Hoare's
// selection (quickselect, 1961) with a median-of-three pivot, linear time on average where a sort
// is n log n. Hand-written over Float64Array: a generic one with a compare callback is several
// times slower on the 200 000 samples of the normalisation fits.

/** Reorders `values` in place so that `values[k]` is what it would be after sorting, and returns it. */
export function kthSmallest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const middle = (left + right) >>> 1;
    // Order left, middle, right so the middle one is a median of three.
    if (values[middle] < values[left]) swap(values, middle, left);
    if (values[right] < values[left]) swap(values, right, left);
    if (values[right] < values[middle]) swap(values, right, middle);
    const pivot = values[middle];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}

function swap(values: Float64Array, a: number, b: number) {
  const t = values[a];
  values[a] = values[b];
  values[b] = t;
}
