// STYLE.md habit 1: src/core stays pure computation. The linter is what enforces it (with the core
// tsconfig's lib for the DOM), so these tests pin the rules: each slip below must be an error.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });

async function errorsIn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('src/core purity', () => {
  it.each([
    [
      "import maplibregl from 'maplibre-gl';\nexport const m = maplibregl;",
      'no-restricted-imports',
    ],
    ["import { useState } from 'react';\nexport const s = useState;", 'no-restricted-imports'],
    [
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;",
      'no-restricted-imports',
    ],
    [
      "import { store } from '../../state/store.ts';\nexport const s = store;",
      'no-restricted-imports',
    ],
    ["export const m = () => import('maplibre-gl');", 'no-restricted-syntax'],
    ["export const d = () => import('terra-draw');", 'no-restricted-syntax'],
    ['export const e = () => process.env.HOME;', 'no-restricted-globals'],
    ["export const b = () => Buffer.from('x');", 'no-restricted-globals'],
  ])('rejects %s', async (code, rule) => {
    expect(await errorsIn('src/core/change/probe.ts', code)).toContain(rule);
  });

  it('covers .tsx files in core too', async () => {
    expect(
      await errorsIn('src/core/probe.tsx', "export const m = () => import('react');"),
    ).toContain('no-restricted-syntax');
  });

  it('accepts pure computation and the same imports outside core', async () => {
    expect(
      await errorsIn(
        'src/core/change/probe.ts',
        "import { strFromU8 } from 'fflate';\nexport const s = strFromU8;",
      ),
    ).toEqual([]);
    expect(
      await errorsIn(
        'src/map/probe.ts',
        "import maplibregl from 'maplibre-gl';\nexport const m = maplibregl;",
      ),
    ).toEqual([]);
  });
});
