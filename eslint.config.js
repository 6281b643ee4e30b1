// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The dependency rule of the design: core knows nothing of platforms or drivers.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/slack/**', '**/teams/**', '**/web/**', '**/db/**', '@slack/*', 'botbuilder*', 'pg', '@electric-sql/*', 'openai'] },
      ],
    },
  },
  {
    files: ['src/slack/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/teams/**', '**/web/**'] }] },
  },
  {
    files: ['src/teams/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/slack/**', '**/web/**'] }] },
  },
  {
    files: ['src/web/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/slack/**', '**/teams/**'] }] },
  },
);
