import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const browserOnly = [
  'react',
  'react-dom',
  'react-dom/*',
  'maplibre-gl',
  'terra-draw',
  'terra-draw-*',
];

const focusedTest = {
  selector:
    "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
  message: 'A focused test silences the rest of the suite.',
};

export default tseslint.config(
  { ignores: ['dist', '**/dist-*', 'node_modules', 'fixtures/geotiff', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', focusedTest],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // STYLE.md habit 1: core is pure computation; the layers below it may not reach up.
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      // A block's no-restricted-syntax replaces the global one, so the .only ban is repeated.
      'no-restricted-syntax': [
        'error',
        focusedTest,
        {
          selector:
            'ImportExpression[source.value=/^(react|react-dom|maplibre-gl|terra-draw)([-/].*)?$/]',
          message: 'src/core must not import UI or map libraries, not even lazily.',
        },
        {
          selector: 'ImportExpression[source.value=/^(node:|fs$|path$|os$|child_process$)/]',
          message: 'src/core must run in a browser worker: pass I/O in.',
        },
        { selector: 'JSXElement', message: 'src/core renders nothing.' },
      ],
      // utif2's type declarations pull Node's types into the core program, so the type checker
      // alone would let these through.
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'Buffer',
          'require',
          '__dirname',
          '__filename',
          'global',
          'setImmediate',
        ].map((name) => ({ name, message: 'src/core must run in a browser worker: pass I/O in.' })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: browserOnly, message: 'src/core must not import UI or map libraries.' },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'],
              message: 'src/core must run in a browser worker: pass I/O in.',
            },
            {
              group: ['**/ui/**', '**/map/**', '**/state/**', '**/workers/**', '**/cli/**'],
              message: 'src/core may not import the layers above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/state/**/*.ts', 'src/workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: browserOnly, message: 'state and workers stay free of React and the map.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['maplibre-gl', 'terra-draw', 'terra-draw-*'],
              message: 'Only src/map imports maplibre and terra-draw.',
            },
            {
              // Importing anything from it bundled the whole reader into the page (+1.5 MB).
              group: ['**/core/raster/open-geotiff.ts'],
              message: 'The GeoTIFF reader runs in the imagery worker; import its small modules.',
            },
          ],
        },
      ],
    },
  },
);
