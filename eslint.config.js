import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const DRIVERS = ['pg', 'pg-copy-streams', 'pg-query-stream', 'mysql2', 'mysql2/promise', 'better-sqlite3']

const RESTRICTED_SYNTAX = [
  { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a derived type.' },
  {
    selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(describe|it|test)$/]",
    message: '.only would skip the rest of the suite.',
  },
  {
    selector: "NewExpression[callee.name='TailingsiqError'][arguments.0.value='INTERNAL']",
    message: 'Throw an InternalError: the CLI and the API report it as a bug.',
  },
]

// Engine differences live in src/dialects/: elsewhere, ask the adapter's capability flags instead.
const ENGINE_NAME = '/^(pg|mysql|sqlite)$/'
const ENGINE_COMPARISONS = [
  {
    selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${ENGINE_NAME}]`,
    message: 'Do not compare engine names outside src/dialects/; use a DialectAdapter capability flag.',
  },
  {
    selector: `SwitchCase[test.value=${ENGINE_NAME}]`,
    message: 'Do not switch on engine names outside src/dialects/; use a DialectAdapter capability flag.',
  },
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', 'coverage/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'test/fixtures/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', ...RESTRICTED_SYNTAX],
    },
  },
  {
    // Database drivers and engine names are used only inside the dialect folder; everything else goes through
    // the adapter.
    files: ['src/**/*.ts'],
    ignores: ['src/dialects/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: DRIVERS.map((name) => ({ name, message: 'Use the dialect adapter.' })) },
      ],
      'no-restricted-syntax': ['error', ...RESTRICTED_SYNTAX, ...ENGINE_COMPARISONS],
    },
  },
  {
    // The library stays silent; only the CLI may print or exit.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
)
