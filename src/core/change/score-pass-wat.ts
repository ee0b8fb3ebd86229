// The WebAssembly source of the score pass's two per-pixel kernels: the bilinear resampling of a
// row of after under a pure translation (common-grid.ts) and the change score of three bands with
// integer before samples (change-score.ts). `npm run wasm` compiles it into score-pass-wasm.ts; a
// test fails if the two drift apart. Hand-written because this pass reads every analysis pixel of
// both dates and was the pipeline's slowest stage: f64 arithmetic in the order the JavaScript uses,
// rounded to f32 where it stores, so both paths give the same bits. Scalar: the score looks up
// its tables per pixel, and a SIMD resampler (f64x2 lanes, to keep the bits) is not tried yet.
//
// Every function takes byte addresses in the module's memory; address 0 is never data, so a
// validity address of 0 means "all valid".

/** How a function reads sample `index` (an i32 expression) of the array at `base`. */
interface SampleType {
  readonly name: string;
  readonly load: (base: string, index: string) => string;
}

const get = (name: string) => `(local.get $${name})`;

const sampleTypes: readonly SampleType[] = [
  {
    name: 'U8',
    load: (base, index) => `(f64.convert_i32_u (i32.load8_u (i32.add ${base} ${index})))`,
  },
  {
    name: 'U16',
    load: (base, index) =>
      `(f64.convert_i32_u (i32.load16_u (i32.add ${base} (i32.shl ${index} (i32.const 1)))))`,
  },
  {
    name: 'F32',
    load: (base, index) =>
      `(f64.promote_f32 (f32.load (i32.add ${base} (i32.shl ${index} (i32.const 2)))))`,
  },
];

/**
 * out[i] = top[i]·w00 + top[i+1]·w10 + bottom[i]·w01 + bottom[i+1]·w11 for i < n, as f32: `top`
 * and `bottom` hold n + 1 samples each. The right pair of one pixel is the left pair of the next.
 */
function translate({ name, load }: SampleType): string {
  return `
  (func (export "translate${name}") (param $top i32) (param $bottom i32) (param $n i32)
    (param $w00 f64) (param $w10 f64) (param $w01 f64) (param $w11 f64) (param $dst i32)
    (local $i i32) (local $t f64) (local $b f64) (local $nt f64) (local $nb f64)
    (local.set $t ${load(get('top'), '(i32.const 0)')})
    (local.set $b ${load(get('bottom'), '(i32.const 0)')})
    (block $done (loop $pixels
      (br_if $done (i32.ge_u ${get('i')} ${get('n')}))
      (local.set $i (i32.add ${get('i')} (i32.const 1)))
      (local.set $nt ${load(get('top'), get('i'))})
      (local.set $nb ${load(get('bottom'), get('i'))})
      (f32.store ${get('dst')} (f32.demote_f64 (f64.add (f64.add (f64.add
        (f64.mul ${get('t')} ${get('w00')}) (f64.mul ${get('nt')} ${get('w10')}))
        (f64.mul ${get('b')} ${get('w01')})) (f64.mul ${get('nb')} ${get('w11')}))))
      (local.set $dst (i32.add ${get('dst')} (i32.const 4)))
      (local.set $t ${get('nt')})
      (local.set $b ${get('nb')})
      (br $pixels))))`;
}

/**
 * The change score of n pixels: before bands b0..b2 (integer samples, the type's index into the
 * per-level tables), after bands a0..a2 (f32), validity bv and av (u8; 0 = all valid). Per band k:
 * r = a·g + t[v] − median[cell + k] with `t` the band's offset-minus-scaled table (f64) and the
 * cell the sum of the bands' cell tables `c` (i32); the score is sqrt((r0² + r1² + r2²)·third),
 * NaN where either date is invalid.
 */
function score({ name }: SampleType): string {
  const shift = name === 'U8' ? 0 : 1;
  const sample = (base: string) =>
    shift === 0
      ? `(i32.load8_u (i32.add ${get(base)} ${get('i')}))`
      : `(i32.load16_u (i32.add ${get(base)} (i32.shl ${get('i')} (i32.const 1))))`;
  const after = (base: string) =>
    `(f64.promote_f32 (f32.load (i32.add ${get(base)} (i32.shl ${get('i')} (i32.const 2)))))`;
  const residual = (k: number) =>
    `(f64.sub (f64.add (f64.mul ${after(`a${k}`)} ${get(`g${k}`)})
        (f64.load (i32.add ${get(`t${k}`)} (i32.shl ${get(`v${k}`)} (i32.const 3)))))
        (f64.promote_f32 (f32.load offset=${4 * k} ${get('m')})))`;
  return `
  (func (export "score${name}") (param $b0 i32) (param $b1 i32) (param $b2 i32)
    (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $bv i32) (param $av i32) (param $n i32)
    (param $t0 i32) (param $t1 i32) (param $t2 i32) (param $c0 i32) (param $c1 i32) (param $c2 i32)
    (param $median i32) (param $g0 f64) (param $g1 f64) (param $g2 f64) (param $third f64)
    (param $dst i32)
    (local $i i32) (local $v0 i32) (local $v1 i32) (local $v2 i32) (local $m i32)
    (local $r0 f64) (local $r1 f64) (local $r2 f64) (local $out i32)
    (block $done (loop $pixels
      (br_if $done (i32.ge_u ${get('i')} ${get('n')}))
      (local.set $out (i32.add ${get('dst')} (i32.shl ${get('i')} (i32.const 2))))
      (block $scored
        (if (i32.or
              (i32.and (i32.ne ${get('bv')} (i32.const 0))
                (i32.eqz (i32.load8_u (i32.add ${get('bv')} ${get('i')}))))
              (i32.and (i32.ne ${get('av')} (i32.const 0))
                (i32.eqz (i32.load8_u (i32.add ${get('av')} ${get('i')})))))
          (then
            (f32.store ${get('out')} (f32.const nan))
            (br $scored)))
        (local.set $v0 ${sample('b0')})
        (local.set $v1 ${sample('b1')})
        (local.set $v2 ${sample('b2')})
        (local.set $m (i32.add ${get('median')} (i32.shl (i32.add (i32.add
          (i32.load (i32.add ${get('c0')} (i32.shl ${get('v0')} (i32.const 2))))
          (i32.load (i32.add ${get('c1')} (i32.shl ${get('v1')} (i32.const 2)))))
          (i32.load (i32.add ${get('c2')} (i32.shl ${get('v2')} (i32.const 2))))) (i32.const 2))))
        (local.set $r0 ${residual(0)})
        (local.set $r1 ${residual(1)})
        (local.set $r2 ${residual(2)})
        (f32.store ${get('out')} (f32.demote_f64 (f64.sqrt (f64.mul (f64.add (f64.add
          (f64.mul ${get('r0')} ${get('r0')}) (f64.mul ${get('r1')} ${get('r1')}))
          (f64.mul ${get('r2')} ${get('r2')})) ${get('third')})))))
      (local.set $i (i32.add ${get('i')} (i32.const 1)))
      (br $pixels))))`;
}

export const scorePassWat = `(module
  (memory (export "memory") 1)
${sampleTypes.map(translate).join('\n')}
${sampleTypes
  .filter((t) => t.name !== 'F32')
  .map(score)
  .join('\n')}
)
`;
