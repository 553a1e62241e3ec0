import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // Type-aware rules that catch real bugs: a promise nobody awaits (its rejection lost), a
    // promise where a callback's result is ignored, a switch that misses a case of a union.
    files: ['**/*.ts', '**/*.vue'],
    // Compiled on their own against the emitted declarations (emitted-types.test.ts).
    ignores: ['packages/api/test/consumer/**'],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Config files and CI scripts that no tsconfig.json includes.
          allowDefaultProject: [
            '*.config.ts',
            'apps/web/*.config.ts',
            'packages/*/vitest.config.ts',
            '.ci/delivery/*.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // On the server a voided promise that rejects crashes the process (an unhandled rejection),
    // so `void` is no excuse there: await it, or end it with a `.catch` that logs. The web app
    // still voids promises that do not reject (navigation, refetches); it keeps `void` for now.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.vue'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }] },
  },
  {
    // Entry points and scripts talk to the terminal on purpose.
    files: ['apps/server/src/main.ts', '**/test/**', '**/e2e/**', '**/bench/**', '**/*.config.*'],
    rules: { 'no-console': 'off' },
  },
  {
    // Domain code is free of tRPC: it throws DomainError (errors.ts) and takes what it needs, not
    // the tRPC context. routers/ and the root files (trpc.ts, context.ts, errors.ts) map the two.
    files: ['packages/api/src/*/**/*.ts'],
    ignores: ['packages/api/src/routers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@trpc/server', message: 'Throw DomainError from ../errors; tRPC lives in routers/.' }],
          patterns: [
            { regex: '^\\.\\./(context|trpc)$', message: 'Take what you need as a parameter, not the tRPC context.' },
          ],
        },
      ],
    },
  },
  {
    // The database seam: packages/db owns every write and every lock (DEVELOPERS.md, "The
    // database seam"). Domain code calls its named functions, never a collection, and takes a
    // lock through its typed helper (withRoomLock, withStatsLock...), whose handle the writes need.
    files: ['packages/api/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='@studysync/db'] ImportSpecifier[imported.name=/Collection$/]",
          message:
            'Write through a named function of packages/db, not a collection (the rules of both engines live there).',
        },
        {
          selector: "ImportDeclaration[source.value='@studysync/db'] ImportSpecifier[imported.name='withLock']",
          message:
            'Take the lock through its typed helper (withRoomLock, withStatsLock...): writes that need it take its handle.',
        },
      ],
    },
  },
  prettier,
);
