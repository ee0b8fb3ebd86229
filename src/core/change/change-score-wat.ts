// The WebAssembly source of the change score's common case (change-score.ts, scoreThreeBands):
// three bands, integer before samples looked up in per-sample tables, after samples as f32.
// `npm run wasm` compiles it into change-score-wasm.ts; a test fails if the two drift apart.
// Hand-written because it is the pipeline's hot loop: V8's code for the same loop took 40–45 ns a
// pixel on the benchmark machine. f64 arithmetic in the order of the JavaScript version, so the
// scores are the same to the bit.

/** The kernel for one before sample type: `load` reads before sample `j` of a band. */
function score(type: string, load: (band: string) => string): string {
  const residual = (k: number) =>
    `(f64.sub
          (f64.add
            (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a${k}) (local.get $j4)))) (local.get $g${k}))
            (f64.load (i32.add (local.get $t${k}) (i32.shl (local.get $v${k}) (i32.const 3)))))
          (f64.promote_f32 (f32.load (i32.add (local.get $median) (i32.shl (i32.add (local.get $cell) (i32.const ${k})) (i32.const 2))))))`;
  return `
  ;; score[j] = sqrt((r0² + r1² + r2²) / 3), r = after · gain + (offset − before / scale) − the
  ;; median change of the before colour's cell; NaN where a validity byte (when given) is 0.
  (func (export "score${type}")
    (param $b0 i32) (param $b1 i32) (param $b2 i32) (param $a0 i32) (param $a1 i32) (param $a2 i32)
    (param $beforeValid i32) (param $afterValid i32)
    (param $t0 i32) (param $t1 i32) (param $t2 i32) (param $c0 i32) (param $c1 i32) (param $c2 i32)
    (param $median i32) (param $g0 f64) (param $g1 f64) (param $g2 f64) (param $n i32) (param $dst i32)
    (local $j i32) (local $j4 i32) (local $v0 i32) (local $v1 i32) (local $v2 i32) (local $cell i32)
    (local $r0 f64) (local $r1 f64) (local $r2 f64) (local $third f64)
    (local.set $third (f64.div (f64.const 1) (f64.const 3)))
    (block $done (loop $pixels
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $j4 (i32.shl (local.get $j) (i32.const 2)))
      (block $scored
        (if (i32.and (i32.ne (local.get $beforeValid) (i32.const 0))
                     (i32.eqz (i32.load8_u (i32.add (local.get $beforeValid) (local.get $j)))))
          (then (f32.store (i32.add (local.get $dst) (local.get $j4)) (f32.const nan)) (br $scored)))
        (if (i32.and (i32.ne (local.get $afterValid) (i32.const 0))
                     (i32.eqz (i32.load8_u (i32.add (local.get $afterValid) (local.get $j)))))
          (then (f32.store (i32.add (local.get $dst) (local.get $j4)) (f32.const nan)) (br $scored)))
        (local.set $v0 ${load('$b0')})
        (local.set $v1 ${load('$b1')})
        (local.set $v2 ${load('$b2')})
        (local.set $cell (i32.add (i32.add
          (i32.load (i32.add (local.get $c0) (i32.shl (local.get $v0) (i32.const 2))))
          (i32.load (i32.add (local.get $c1) (i32.shl (local.get $v1) (i32.const 2)))))
          (i32.load (i32.add (local.get $c2) (i32.shl (local.get $v2) (i32.const 2))))))
        (local.set $r0 ${residual(0)})
        (local.set $r1 ${residual(1)})
        (local.set $r2 ${residual(2)})
        (f32.store (i32.add (local.get $dst) (local.get $j4))
          (f32.demote_f64 (f64.sqrt (f64.mul
            (f64.add (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
              (f64.mul (local.get $r2) (local.get $r2)))
            (local.get $third))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $pixels))))`;
}

export const changeScoreWat = `(module
  (memory (export "memory") 1)
${score('U8', (b) => `(i32.load8_u (i32.add (local.get ${b}) (local.get $j)))`)}
${score('U16', (b) => `(i32.load16_u (i32.add (local.get ${b}) (i32.shl (local.get $j) (i32.const 1))))`)}
)
`;
