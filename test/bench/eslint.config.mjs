// ESLint with eslint-plugin-security's recommended rules, the comparison the benchmark runs. TS
// files go through @typescript-eslint/parser (syntax only, no type information), JS through espree.
import security from 'eslint-plugin-security';
import tsParser from '@typescript-eslint/parser';

export default [security.configs.recommended, { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } }, { linterOptions: { reportUnusedDisableDirectives: 'off' } }];
