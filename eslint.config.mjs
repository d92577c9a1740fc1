// Lint for Vigil's own TypeScript (npm test runs it): the recommended rules of ESLint and
// typescript-eslint, plus the few that keep the house easy to walk through.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'test/grammar/**',
      'node_modules/**',
      'test/host/**',
      'test/bench/**',
      'test/fixtures/**',
      'test/artifacts/**',
      'test/corpus/**',
      'samples/**',
      '**/*.d.ts',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // Vigil handles control characters on purpose: escaping them in output, git's -z and
      // field separators, ANSI colours.
      'no-control-regex': 'off',
      // `l`: V8's linear-time regex engine, which runs the regexes of team packs.
      'no-invalid-regexp': ['error', { allowConstructorFlags: ['l'] }],
    },
  },
);
