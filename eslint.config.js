// Lint: typescript-eslint's recommended rules, plus the dependency direction of the architecture
// (protocol ← pipeline ← store ← server ← cli) enforced as import errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { faultlinePlugin } from './scripts/eslint/no-sql-text.js';

const forbid = (...pkgs) => ({
  'no-restricted-imports': [
    'error',
    { patterns: pkgs.map((p) => ({ group: [p, `${p}/*`], message: `this package may not depend on ${p} (see docs/architecture.md)` })) },
  ],
});

// SQL lives in the store: outside it, no code calls a Db's query methods (`db.all(…)`, `ctx.app.db.get(…)`, …),
// and no string or template reads as SQL, in upper or lower case (scripts/eslint/no-sql-text.js), whatever
// handle would run it (`tx.run('update …')`, a savepoint by hand).
const SQL_IN_STORE = {
  'no-restricted-syntax': [
    'error',
    ...['name', 'property.name'].map((id) => ({
      selector: `CallExpression[callee.object.${id}='db'][callee.property.name=/^(all|get|run|exec)$/]`,
      message: 'SQL lives in the store: add a function to packages/store and call it (see docs/architecture.md)',
    })),
  ],
  'faultline/no-sql-text': 'error',
};

/** The server's plug-ins (installed by plugins.ts). */
const PLUGIN_DIRS = ['alerts', 'replays', 'tracing', 'sourcemaps'];
/** Alerts' files outside alerts/: its REST handlers (listed in the routes table), its delivery channels, and the
 * package's public surface, which exports the default rule for `faultline project create`. */
const ALERTS_OWN_FILES = ['api/alert-rules-api.ts', 'api/alert-deliveries-api.ts', 'notifiers/**', 'index.ts'].map((f) => `packages/server/src/${f}`);
// One rule object per file set: a later `no-restricted-imports` replaces an earlier one, so the cli pattern repeats.
const noPluginImports = (dirs, message = 'core code may not import a plug-in: register on app.hooks in plugins.ts instead (see docs/architecture.md)') => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['@faultline/cli', '@faultline/cli/*'], message: 'this package may not depend on @faultline/cli (see docs/architecture.md)' },
        { group: dirs.flatMap((d) => [`**/${d}/*`, `./${d}/*`]), message },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', '**/next-env.d.ts', 'artifacts/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', globalThis: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // No import cycles in any package's source (type-only imports included: they still tie the modules together).
  {
    files: ['packages/*/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.js'], 'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] }, 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  { files: ['packages/protocol/src/**'], rules: forbid('@faultline/pipeline', '@faultline/store', '@faultline/server', '@faultline/cli', 'node:*') },
  { files: ['packages/pipeline/src/**'], rules: forbid('@faultline/store', '@faultline/server', '@faultline/cli') },
  { files: ['packages/store/src/**'], rules: forbid('@faultline/server', '@faultline/cli') },
  { files: ['packages/server/src/**'], plugins: { faultline: faultlinePlugin }, rules: { ...forbid('@faultline/cli'), ...SQL_IN_STORE } },
  { files: ['packages/cli/src/**'], plugins: { faultline: faultlinePlugin }, rules: SQL_IN_STORE },
  // Core does not know its plug-ins: they register on the app's hooks (plugins.ts) and core calls the hooks, their
  // state on `app.plugins`. No core file imports a plug-in or a plug-in's REST handlers. What stays, and why:
  // each plug-in's REST handlers (api/<plug-in>/**, alerts' ALERTS_OWN_FILES) import their own plug-in, because
  // routes.ts lists every route in the one routes table; plug-ins adding routes of their own would split it.
  // routes.ts and plugins.ts are the two files that name every plug-in. Plug-ins do not import each other.
  {
    files: ['packages/server/src/**'],
    ignores: [...PLUGIN_DIRS.flatMap((d) => [`packages/server/src/${d}/**`, `packages/server/src/api/${d}/**`]), ...ALERTS_OWN_FILES, 'packages/server/src/plugins.ts', 'packages/server/src/routes.ts'],
    rules: noPluginImports(PLUGIN_DIRS),
  },
  ...PLUGIN_DIRS.map((d) => ({
    files: [`packages/server/src/${d}/**`, `packages/server/src/api/${d}/**`],
    rules: noPluginImports(PLUGIN_DIRS.filter((other) => other !== d), 'a plug-in may not import another plug-in: share through core or app.hooks (see docs/architecture.md)'),
  })),
  { files: ['packages/web/src/**', 'packages/reporter/src/**'], rules: forbid('@faultline/pipeline', '@faultline/store', '@faultline/server', '@faultline/cli') },
);
