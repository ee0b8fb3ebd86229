// The WebAssembly source of the structure cells' brightness sums (building-index.ts): for one row
// of three bands, per cell of `factor` pixels, the sum of each pixel's largest band after its
// linear map. `npm run wasm` compiles it into cell-brightness-wasm.ts; a test fails if the two
// drift apart. Hand-written because this pass reads every analysis pixel of both dates: on the
// benchmark imagery at 2048² it took 139–260 ms in JavaScript, 68–150 ms here. f64 arithmetic in
// the order the JavaScript version uses, so the sums are the same to the last bit; samples of 8
// and 16 bits are converted as signed i32, which is exact for them.

/** The kernel for one sample type: `load` reads sample `x` of the band at `band`. */
function cellSums(type: string, load: (band: string) => string): string {
  return `
  (func (export "cellSums${type}") (param $b0 i32) (param $b1 i32) (param $b2 i32) (param $n i32)
    (param $g0 f64) (param $o0 f64) (param $g1 f64) (param $o1 f64) (param $g2 f64) (param $o2 f64)
    (param $factor i32) (param $dst i32)
    (local $x i32) (local $cellEnd i32) (local $sum f64) (local $v0 f64) (local $v1 f64) (local $v2 f64)
    (block $done (loop $cells
      (br_if $done (i32.ge_u (local.get $x) (local.get $n)))
      (local.set $cellEnd (i32.add (local.get $x) (local.get $factor)))
      (if (i32.gt_u (local.get $cellEnd) (local.get $n)) (then (local.set $cellEnd (local.get $n))))
      (local.set $sum (f64.const 0))
      (block $cellDone (loop $pixels
        (br_if $cellDone (i32.ge_u (local.get $x) (local.get $cellEnd)))
        (local.set $v0 (f64.add (f64.mul ${load('$b0')} (local.get $g0)) (local.get $o0)))
        (local.set $v1 (f64.add (f64.mul ${load('$b1')} (local.get $g1)) (local.get $o1)))
        (local.set $v2 (f64.add (f64.mul ${load('$b2')} (local.get $g2)) (local.get $o2)))
        ;; v0 > v1 ? (v0 > v2 ? v0 : v2) : (v1 > v2 ? v1 : v2), as the JavaScript has it (and
        ;; cheaper than f64.max, whose NaN and signed-zero rules cost V8 several instructions).
        (local.set $v1 (select (local.get $v0) (local.get $v1) (f64.gt (local.get $v0) (local.get $v1))))
        (local.set $sum (f64.add (local.get $sum)
          (select (local.get $v1) (local.get $v2) (f64.gt (local.get $v1) (local.get $v2)))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $pixels)))
      (f64.store (local.get $dst) (local.get $sum))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (br $cells))))`;
}

export const cellBrightnessWat = `(module
  (memory (export "memory") 1)
${cellSums('U8', (b) => `(f64.convert_i32_s (i32.load8_u (i32.add (local.get ${b}) (local.get $x))))`)}
${cellSums('U16', (b) => `(f64.convert_i32_s (i32.load16_u (i32.add (local.get ${b}) (i32.shl (local.get $x) (i32.const 1)))))`)}
${cellSums('F32', (b) => `(f64.promote_f32 (f32.load (i32.add (local.get ${b}) (i32.shl (local.get $x) (i32.const 2)))))`)}
)
`;
