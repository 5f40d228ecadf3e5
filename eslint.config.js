// Flat config (ESLint 9+/10): the legacy .eslintrc format is no longer read.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'editors/**/out/**', 'editors/vscode/server/**', 'editors/**/node_modules/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine and parsers are pure: no file system, no process.
    files: ['src/core/**/*.ts', 'src/parsers/**/*.ts', 'src/formatters/**/*.ts', 'rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https'] }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
  {
    // ...and portable: the playground runs them in a browser (hashes and grammar URLs come from the
    // caller; src/core/lazy.ts is the one Node-only loader, and the page build replaces it).
    files: ['src/core/**/*.ts', 'src/parsers/**/*.ts', 'rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'crypto', 'node:crypto', 'path', 'node:path', 'url', 'node:url', 'os', 'node:os', 'worker_threads', 'node:worker_threads'] }],
      'no-restricted-globals': ['error', 'process', 'Buffer'],
    },
  },
);
