// The shape of the code, enforced: DESIGN.md's dependency rule and the homes issue 13 gave
// each thing, as import rules on resolved paths (import-x's no-restricted-paths), plus
// typescript-eslint's recommended set. Run by `npm run lint`, and so by `npm test`.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];
const DOORS = ['electron/app', 'electron/bridge', 'electron/cli', 'renderer'];

/** Zones of import-x/no-restricted-paths: files in `target` may not import from `from`. */
const zones = [
  {
    target: 'electron/engine',
    from: DOORS,
    message: 'the engine imports nothing from the doors (app, bridge, CLI) or the renderer (DESIGN.md)',
  },
  {
    target: 'shared',
    from: ['electron', 'renderer', 'test', 'bench', 'scripts'],
    message: 'shared/ stands below everything: it imports only shared/ (DESIGN.md)',
  },
  {
    target: 'renderer',
    from: ['electron', 'test', 'bench', 'scripts'],
    message: 'the renderer imports only shared/ and its own folders; it talks to the engine over the contract',
  },
  {
    target: ['electron/engine/lint', 'electron/engine/rehearsal'],
    from: 'electron/engine/runner',
    message: 'lint and rehearsal take the splitter and the lexers from engine/sql/, never from the runner',
  },
  {
    target: 'electron/engine/sql',
    from: 'electron/engine',
    except: ['./sql'],
    message: 'engine/sql (the splitter and the lexers) stands on its own',
  },
  {
    target: 'electron/engine/sql',
    from: 'shared',
    message: 'engine/sql (the splitter and the lexers) stands on its own',
  },
  {
    target: 'electron/cli',
    from: 'electron/engine',
    except: ['./usecases', './service/secrets.ts'],
    message: 'the CLI reaches the engine only through its use cases (serve also takes the secret store)',
  },
  {
    target: ['electron/engine', 'electron/app', 'electron/bridge', 'electron/cli', 'shared', 'renderer'],
    from: ['test', 'bench', 'e2e'],
    message: 'production code never imports test support or the bench',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
      'bench/.cli-bundle/**',
      'bench/.tools/**',
      '**/.strata/**',
      '**/*.d.mts',
      '**/*.d.cts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain JavaScript: TypeScript checks names in .ts files, ESLint here.
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  // bin/ is CommonJS (bin/package.json), as are the .cjs files the start loads.
  {
    files: ['bin/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['bench/studio/*.js'], languageOptions: { globals: globals.browser } },
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.mjs', '.js'] } },
      // no-cycle reads the imported modules too: with TypeScript's parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Prettier wraps code at 120; this holds strings, comments and JSX text to it too.
      'max-len': ['error', { code: 120, tabWidth: 2 }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The rules hold for production code; tests reach in wherever they must.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: TESTS,
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: ['electron/engine/**/*.ts'],
    ignores: TESTS,
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'shared/ uses no Node API: the renderer loads it' },
            { regex: '^(?!zod$)[^.]', message: 'shared/ loads no package but zod' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/api/**', ...TESTS],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|[^.])', message: 'shared/ outside shared/api loads no package and no Node API' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'the renderer talks to the main process through the contract, never electron',
            },
          ],
          patterns: [{ regex: '^node:', message: 'the renderer runs in a browser: no Node API' }],
        },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    ignores: ['electron/engine/dialects/postgres/**', ...TESTS],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'pg', message: 'every PostgreSQL session is opened by electron/engine/dialects/postgres' },
            { name: 'electron', message: 'no Electron import anywhere in the engine (DESIGN.md)' },
          ],
          patterns: [
            { group: ['pg/*', '**/pg-module.ts'], message: 'every PostgreSQL session is opened by dialects/postgres' },
          ],
        },
      ],
    },
  },
);
