// The WebAssembly source of the building index's line openings (building-index.ts), four image
// lines at a time in the four lanes of a SIMD vector. `npm run wasm` compiles it into
// line-openings-wasm.ts; a test fails if the two drift apart. Hand-written because this is the
// pipeline's slowest stage and no library offers grey-level line openings: per line sample the
// scalar JavaScript took 11–16 ns for a running minimum, this 1.2–1.4 ns (2 048-sample lines, r 4
// and 30, on the 2-core benchmark machine).
//
// Memory holds vectors of four f32 lanes, one lane per image line, at byte addresses the caller
// chooses. Every function takes and returns byte addresses.

/**
 * A running extremum (`op` f32x4.min or f32x4.max) of 2r + 1 vectors, by van Herk / Gil–Werman:
 * `src` holds n + 2r vectors (the line between r outside vectors each side), `dst[i]` receives the
 * extremum of `src[i .. i + 2r]` for i < n, `fwd` is scratch of n + 2r vectors.
 */
function runningExtremum(name: string, op: string, identity: string): string {
  return `
  (func (export "${name}") (param $src i32) (param $dst i32) (param $fwd i32) (param $n i32) (param $r i32)
    (local $w i32) (local $total i32) (local $s i32) (local $e i32) (local $p i32) (local $stop i32)
    (local $m v128) (local $lag i32) (local $outEnd i32)
    (local.set $w (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 1)) (i32.const 1)) (i32.const 4)))
    (local.set $total (i32.shl (i32.add (local.get $n) (i32.shl (local.get $r) (i32.const 1))) (i32.const 4)))
    (local.set $lag (i32.shl (local.get $r) (i32.const 5)))
    (local.set $outEnd (i32.shl (local.get $n) (i32.const 4)))
    ;; Forward: the prefix extremum of each block of w vectors.
    (local.set $s (i32.const 0))
    (block $forwardDone (loop $forwardBlocks
      (br_if $forwardDone (i32.ge_u (local.get $s) (local.get $total)))
      (local.set $e (i32.add (local.get $s) (local.get $w)))
      (if (i32.gt_u (local.get $e) (local.get $total)) (then (local.set $e (local.get $total))))
      (local.set $m (v128.load (i32.add (local.get $src) (local.get $s))))
      (v128.store (i32.add (local.get $fwd) (local.get $s)) (local.get $m))
      (local.set $p (i32.add (local.get $s) (i32.const 16)))
      (block $blockDone (loop $inBlock
        (br_if $blockDone (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $m (${op} (local.get $m) (v128.load (i32.add (local.get $src) (local.get $p)))))
        (v128.store (i32.add (local.get $fwd) (local.get $p)) (local.get $m))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $inBlock)))
      (local.set $s (local.get $e))
      (br $forwardBlocks)))
    ;; Backward: the suffix extremum of each block, combined with the prefix extremum 2r further on.
    (local.set $s (i32.mul (i32.div_u (i32.sub (local.get $total) (i32.const 16)) (local.get $w)) (local.get $w)))
    (block $backwardDone (loop $backwardBlocks
      (local.set $e (i32.add (local.get $s) (local.get $w)))
      (if (i32.gt_u (local.get $e) (local.get $total)) (then (local.set $e (local.get $total))))
      (local.set $m (v128.const f32x4 ${identity} ${identity} ${identity} ${identity}))
      (local.set $p (local.get $e))
      ;; Vectors at or beyond n only accumulate.
      (local.set $stop (select (local.get $s) (local.get $outEnd) (i32.gt_u (local.get $s) (local.get $outEnd))))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.le_u (local.get $p) (local.get $stop)))
        (local.set $p (i32.sub (local.get $p) (i32.const 16)))
        (local.set $m (${op} (local.get $m) (v128.load (i32.add (local.get $src) (local.get $p)))))
        (br $tail)))
      (block $outDone (loop $out
        (br_if $outDone (i32.le_u (local.get $p) (local.get $s)))
        (local.set $p (i32.sub (local.get $p) (i32.const 16)))
        (local.set $m (${op} (local.get $m) (v128.load (i32.add (local.get $src) (local.get $p)))))
        (v128.store (i32.add (local.get $dst) (local.get $p))
          (${op} (local.get $m) (v128.load (i32.add (local.get $fwd) (i32.add (local.get $p) (local.get $lag))))))
        (br $out)))
      (br_if $backwardDone (i32.eqz (local.get $s)))
      (local.set $s (i32.sub (local.get $s) (local.get $w)))
      (br $backwardBlocks)))
  )`;
}

export const lineOpeningsWat = `(module
  (memory (export "memory") 1)
${runningExtremum('erode', 'f32x4.min', 'inf')}
${runningExtremum('dilate', 'f32x4.max', '-inf')}

  ;; Four neighbouring lines read side by side: vector t is the four f32 at from + t * step.
  (func (export "gather") (param $from i32) (param $step i32) (param $count i32) (param $dst i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 4))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (v128.store (local.get $dst) (v128.load align=4 (local.get $from)))
      (local.set $from (i32.add (local.get $from) (local.get $step)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $next))))

  ;; The inverse of gather, keeping the smaller: the four f32 at to + t * step become their minimum
  ;; with short[t] - long[t].
  (func (export "scatter") (param $to i32) (param $step i32) (param $count i32) (param $long i32) (param $short i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $long) (i32.shl (local.get $count) (i32.const 4))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $long) (local.get $end)))
      (v128.store align=4 (local.get $to)
        (f32x4.min (v128.load align=4 (local.get $to))
          (f32x4.sub (v128.load (local.get $short)) (v128.load (local.get $long)))))
      (local.set $to (i32.add (local.get $to) (local.get $step)))
      (local.set $long (i32.add (local.get $long) (i32.const 16)))
      (local.set $short (i32.add (local.get $short) (i32.const 16)))
      (br $next))))

  ;; Four rows (at a, b, c, d) into the lanes of count vectors.
  (func (export "gatherRows") (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $count i32) (param $dst i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 4))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (v128.store (local.get $dst)
        (f32x4.replace_lane 3
          (f32x4.replace_lane 2
            (f32x4.replace_lane 1 (f32x4.splat (f32.load (local.get $a))) (f32.load (local.get $b)))
            (f32.load (local.get $c)))
          (f32.load (local.get $d))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $next))))

  ;; The inverse of gatherRows, keeping the smaller of each row's value and short - long. A row
  ;; given twice gets the same values twice, which changes nothing.
  (func (export "scatterRows") (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $count i32) (param $long i32) (param $short i32)
    (local $end i32) (local $hat v128)
    (local.set $end (i32.add (local.get $long) (i32.shl (local.get $count) (i32.const 4))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $long) (local.get $end)))
      (local.set $hat (f32x4.sub (v128.load (local.get $short)) (v128.load (local.get $long))))
      (f32.store (local.get $a) (f32.min (f32.load (local.get $a)) (f32x4.extract_lane 0 (local.get $hat))))
      (f32.store (local.get $b) (f32.min (f32.load (local.get $b)) (f32x4.extract_lane 1 (local.get $hat))))
      (f32.store (local.get $c) (f32.min (f32.load (local.get $c)) (f32x4.extract_lane 2 (local.get $hat))))
      (f32.store (local.get $d) (f32.min (f32.load (local.get $d)) (f32x4.extract_lane 3 (local.get $hat))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $long (i32.add (local.get $long) (i32.const 16)))
      (local.set $short (i32.add (local.get $short) (i32.const 16)))
      (br $next))))
)
`;
