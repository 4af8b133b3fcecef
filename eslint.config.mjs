import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', 'coverage/**', '.cloud/**', '**/*.js', '!eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Functions and scripts log on purpose; mini-program pages must not.
      'no-console': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    files: ['miniprogram/**/*.ts'],
    ignores: ['miniprogram/**/__test__/**', 'miniprogram/test-support/**'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
);
