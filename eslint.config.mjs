// Lint for the whole tree, and the architecture's boundaries as rules (README, "Layout"):
//   src/core      the engine: imports neither `vscode`, the host, the protocol, the webview nor the CLI
//   src/protocol  the messages and the saved state: may import core types, nothing of either side
//   src/host      the extension host: never the webview's code
//   webview       the page: core and protocol only, never the host, the CLI or `vscode`
//   src/cli       the command line: core only
// The DOM is kept out of core and host by their tsconfig (no DOM library); ESLint also forbids
// the browser's globals there, so a cast cannot smuggle them in.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (name) => ({ regex: `(^|/)(src/)?${name}(/|$)`, message: `this layer may not import ${name}/ (see eslint.config.mjs)` });
const vscode = { name: 'vscode', message: 'only the extension host (src/host) may import vscode' };
const browserGlobals = ['window', 'document', 'navigator', 'localStorage', 'location', 'HTMLElement'].map((name) => ({
  name,
  message: 'core and host code run without a DOM: take what you need as a parameter',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'artifacts/**', 'sandbox-workspace/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'max-len': ['error', { code: 160, ignoreUrls: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['eslint.config.mjs'], languageOptions: { sourceType: 'module' } },
  {
    files: ['test/browser/harness/shim.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', location: 'readonly', sessionStorage: 'readonly', URLSearchParams: 'readonly' },
    },
  },
  {
    files: ['test/**/*.e2e.js', 'test/**/*.e2e-draft.js'],
    languageOptions: { globals: { describe: 'readonly', it: 'readonly', before: 'readonly', after: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [vscode], patterns: [layer('host'), layer('protocol'), layer('webview'), layer('cli')] }],
      'no-restricted-globals': ['error', ...browserGlobals],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [vscode], patterns: [layer('host'), layer('webview'), layer('cli')] }],
      'no-restricted-globals': ['error', ...browserGlobals],
    },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer('webview'), layer('cli')] }],
      'no-restricted-globals': ['error', ...browserGlobals],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: [layer('host'), layer('protocol'), layer('webview')] }] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: [layer('host'), layer('cli')] }] },
  },
);
