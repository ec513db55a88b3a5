import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The core runs in plain Node (tests, service mode): it must never depend on Electron.
    files: ['main/core/**/*.ts', 'main/service/**/*.ts', 'main/simulator/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'main/core, service and simulator run without Electron; put Electron code in main/electron.' }] },
      ],
    },
  },
  {
    // The renderer talks to the core only through the contract, and may import only its types:
    // the runtime schemas stay on the trusted side.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer has no Electron access; use the contract bridge.' }],
          patterns: [
            { group: ['**/preload/contract', '**/preload/contract.ts'], allowTypeImports: true, message: 'Import only types from preload/contract.' },
            { group: ['**/preload/*', '!**/preload/contract', '!**/preload/contract.ts', '**/preload/schemas/**', '**/main/**', 'node:*'], message: 'The renderer may use only types from preload/contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
);
