// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import typedChild from './scripts/eslint/typed-child.cjs';
import workflowSandbox from './scripts/eslint/workflow-sandbox.cjs';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'coverage/**', 'dashboard/dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Type-aware rules: a promise nobody awaits is how a workflow or worker loses work.
        projectService: { allowDefaultProject: ['workflows/__lint__/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    plugins: { etom: { rules: { 'workflow-sandbox': workflowSandbox, 'typed-child': typedChild } } },
    rules: { 'etom/workflow-sandbox': 'error', 'etom/typed-child': 'error' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
