// Lint for correctness and for the layout's boundaries, not for style (Prettier owns the layout: `npm run format`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import specifiers as no-restricted-imports patterns (gitignore syntax, relative ones matched after `../`). */
const VSCODE = { group: ['vscode'], message: 'Only client/ imports `vscode`.' };
const LSP_PACKAGES = {
  group: [
    'vscode-languageserver',
    'vscode-languageserver/*',
    'vscode-languageserver-*',
    'vscode-languageclient',
    'vscode-languageclient/*',
    'vscode-jsonrpc',
    'vscode-jsonrpc/*',
  ],
  message: 'The analysis core and the CLI speak no LSP: plain data (core/types.ts) only.',
};
const LSP_ADAPTER = {
  group: ['**/lsp', '**/lsp/*', '**/server', '**/server.ts'],
  message: 'The analysis core and the CLI never reach into the language server (server/src/lsp, server.ts).',
};
const SERVER_SOURCES = {
  group: ['**/server/src', '**/server/src/**'],
  message: 'The client imports the server side only through common/ (protocol, formatters).',
};
const CLIENT_SOURCES = { group: ['**/client/src', '**/client/src/**'], message: 'The server side never imports the client.' };

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.test-tools/**',
      // The benches' own builds and tools (bench/cli.bench.ts builds the production bundle there).
      '.cache/**',
      'test/fixtures/**',
      'test/corpus/**',
      'test/artifacts/**',
      'media/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Off: TypeScript itself reports undefined names (with the right globals per file), and better.
      'no-undef': 'off',
      // `_`-prefixed parameters and destructured rest siblings are deliberate ("this argument is not used").
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `a ? f() : g()` and `ok && f()` as statements are a style choice, not a mistake.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // `import x = require('…')` picks a package's CommonJS build on purpose (core/shell/parser.ts).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // Tests and benchmarks read untyped JSON (CLI output, SARIF, LSP payloads) and load compiled files found at
    // run time: `any` and `require()` are the honest types there.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain CommonJS scripts (mocha's reporter, out/ pruning) and Node ESM scripts.
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // ---- Boundaries (docs/architecture.md): each folder may import only what sits beside or below it. ----
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [VSCODE, CLIENT_SOURCES] }] },
  },
  {
    files: ['server/src/core/**/*.ts', 'server/src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [VSCODE, LSP_PACKAGES, LSP_ADAPTER, CLIENT_SOURCES] }] },
  },
  {
    files: ['client/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SERVER_SOURCES] }] },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            VSCODE,
            LSP_PACKAGES,
            CLIENT_SOURCES,
            { group: ['**/server', '**/server/**'], message: 'common/ is shared by both sides: it imports neither.' },
          ],
        },
      ],
    },
  },
  {
    // The custom messages are LSP message types: this one file may use the protocol package (types and message
    // classes only; neither the client's nor the server's runtime).
    files: ['common/protocol.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            VSCODE,
            CLIENT_SOURCES,
            { group: ['**/server', '**/server/**'], message: 'common/ is shared by both sides: it imports neither.' },
            {
              group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'],
              message: 'Only vscode-languageserver-protocol: no client or server runtime.',
            },
          ],
        },
      ],
    },
  },
);
