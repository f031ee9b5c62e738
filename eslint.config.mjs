// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

// The layer table from DESIGN.md, enforced here so it holds without anyone remembering it:
// shared imports nothing but itself; renderer and preload reach main only through the api;
// electron is imported only by the Electron shell and preload.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const restrict = (patterns, paths = []) => [
  'error',
  {
    paths: paths.map((name) => ({
      name,
      message: 'This layer may not import it (DESIGN.md, Layers).',
    })),
    patterns: patterns.map((group) => ({
      group: [group],
      message: 'This layer may not import it (DESIGN.md, Layers).',
    })),
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.testbed/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**', 'test/**', '.ci/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': restrict(
        ['**/main/**', '**/renderer/**', '**/preload/**', 'node:*'],
        [...nodeBuiltins, 'electron', 'react', 'react-dom', 'ws', 'ssh2', 'zustand'],
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'process',
        'Buffer',
        'require',
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        ['**/main/**', '**/preload/**', 'node:*'],
        [...nodeBuiltins, 'electron', 'ws', 'ssh2', 'fast-xml-parser'],
      ),
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/main/**', '**/renderer/**', 'node:*'],
        [...nodeBuiltins],
      ),
    },
  },
  {
    files: ['src/main/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': restrict(['**/renderer/**', '**/preload/**'], ['electron']),
    },
  },
  {
    // Only the Electron shell may import electron.
    files: ['src/main/index.ts', 'src/main/transports/electron/**'],
    rules: {
      'no-restricted-imports': restrict(['**/renderer/**', '**/preload/**']),
    },
  },
  {
    // A driver never knows about transports or the service above it.
    files: ['src/main/drivers/**'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/renderer/**', '**/preload/**', '**/transports/**', '**/service/**'],
        ['electron'],
      ),
    },
  },
  {
    // One driver never depends on another: what both need lives in drivers/common/. A pattern
    // without a slash at the end matches the folder and all below it ('../simulated',
    // '../simulated/domainDoc', '**/drivers/simulated/**'). Each block repeats the drivers block's
    // restrictions, which it replaces for these files.
    files: ['src/main/drivers/libvirt-ssh/**'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/renderer/**', '**/preload/**', '**/transports/**', '**/service/**', '**/simulated'],
        ['electron'],
      ),
    },
  },
  {
    files: ['src/main/drivers/simulated/**'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/renderer/**', '**/preload/**', '**/transports/**', '**/service/**', '**/libvirt-ssh'],
        ['electron'],
      ),
    },
  },
);
