// Two-dimensional complex FFT of a square power-of-two block, by rows then columns, over fft.js
// (radix-4, the fastest well-kept JavaScript FFT on npm). Data are interleaved re, im.
import FFT from 'fft.js';

export class Fft2d {
  readonly size: number;
  private readonly fft: FFT;
  private readonly lineIn: number[];
  private readonly lineOut: number[];
  private readonly realLine: number[];

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new Error('FFT size must be a power of two.');
    this.size = size;
    this.fft = new FFT(size);
    this.lineIn = this.fft.createComplexArray();
    this.lineOut = this.fft.createComplexArray();
    this.realLine = new Array<number>(size).fill(0);
  }

  /**
   * In-place forward (or inverse, unscaled by 1/N² as fft.js scales by 1/N per pass) transform.
   * `real`: the imaginary parts are all 0, so the row pass takes fft.js's real transform, which
   * does half the work.
   */
  transform(data: Float64Array, inverse = false, real = false): void {
    const n = this.size;
    const { lineIn, lineOut, realLine, fft } = this;
    for (let row = 0; row < n; row++) {
      const base = 2 * row * n;
      if (real && !inverse) {
        for (let i = 0; i < n; i++) realLine[i] = data[base + 2 * i];
        fft.realTransform(lineOut, realLine);
        fft.completeSpectrum(lineOut);
      } else {
        for (let i = 0; i < 2 * n; i++) lineIn[i] = data[base + i];
        if (inverse) fft.inverseTransform(lineOut, lineIn);
        else fft.transform(lineOut, lineIn);
      }
      for (let i = 0; i < 2 * n; i++) data[base + i] = lineOut[i];
    }
    for (let column = 0; column < n; column++) {
      for (let row = 0; row < n; row++) {
        const k = 2 * (row * n + column);
        lineIn[2 * row] = data[k];
        lineIn[2 * row + 1] = data[k + 1];
      }
      if (inverse) fft.inverseTransform(lineOut, lineIn);
      else fft.transform(lineOut, lineIn);
      for (let row = 0; row < n; row++) {
        const k = 2 * (row * n + column);
        data[k] = lineOut[2 * row];
        data[k + 1] = lineOut[2 * row + 1];
      }
    }
  }
}
