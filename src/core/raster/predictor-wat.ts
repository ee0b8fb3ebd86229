// The WebAssembly source of the horizontal predictor's undoing (predictor.ts) for 8- and 16-bit
// samples, one to four a pixel: each sample's running sum stays in a local, the store truncates it
// to the sample's width. `npm run wasm` compiles it into predictor-wasm.ts; a test fails if the two
// drift apart. Hand-written because it is a large part of reading the commonest GeoTIFFs (Deflate
// with predictor 2): on 256² RGB tiles the JavaScript loop takes 0.11–0.24 ms a tile, this
// 0.06–0.10 ms with the tile copied in and out (`npm run bench:kernels`, 512 tiles).

const get = (name: string) => `(local.get $${name})`;

/** `accumulate{bits}x{samples}(p, perRow, rows)`: rows of `perRow` samples from byte address p. */
function accumulate(bits: 8 | 16, samples: number): string {
  const bytes = bits / 8;
  const load = bits === 8 ? 'i32.load8_u' : 'i32.load16_u';
  const store = bits === 8 ? 'i32.store8' : 'i32.store16';
  const lanes = Array.from({ length: samples }, (_, k) => k);
  const step = samples * bytes;
  return `
  (func (export "accumulate${bits}x${samples}") (param $p i32) (param $perRow i32) (param $rows i32)
    (local $row i32) (local $i i32) (local $end i32) ${lanes.map((k) => `(local $s${k} i32)`).join(' ')}
    (block $done (loop $rowLoop
      (br_if $done (i32.ge_u ${get('row')} ${get('rows')}))
      (local.set $i (i32.add ${get('p')} (i32.mul ${get('row')} (i32.mul ${get('perRow')} (i32.const ${bytes})))))
      (local.set $end (i32.add ${get('i')} (i32.mul ${get('perRow')} (i32.const ${bytes}))))
      ${lanes.map((k) => `(local.set $s${k} (${load} offset=${k * bytes} ${get('i')}))`).join('\n      ')}
      (local.set $i (i32.add ${get('i')} (i32.const ${step})))
      (block $rowDone (loop $pixels
        (br_if $rowDone (i32.ge_u ${get('i')} ${get('end')}))
        ${lanes
          .map(
            (k) =>
              `(local.set $s${k} (i32.add ${get(`s${k}`)} (${load} offset=${k * bytes} ${get('i')})))
        (${store} offset=${k * bytes} ${get('i')} ${get(`s${k}`)})`,
          )
          .join('\n        ')}
        (local.set $i (i32.add ${get('i')} (i32.const ${step})))
        (br $pixels)))
      (local.set $row (i32.add ${get('row')} (i32.const 1)))
      (br $rowLoop))))`;
}

export const predictorWat = `(module
  (memory (export "memory") 1)
${([8, 16] as const).flatMap((bits) => [1, 2, 3, 4].map((n) => accumulate(bits, n))).join('\n')}
)
`;
