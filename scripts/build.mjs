// One esbuild call per entry point: client (extension host), server (LSP over IPC or --stdio) with its editor
// worker thread, cli.
//   node scripts/build.mjs [--production] [--outdir=DIR]   (DIR defaults to dist; the UI tests package elsewhere)
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
// Keeps dockerode's BuildKit session code (gRPC, protobufjs) out of the bundles: see the module.
import dockerodeWithoutBuildkit from './lib/dockerode-without-buildkit.cjs';

const production = process.argv.includes('--production');
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // ssh2's optional native helpers: absent is fine, ssh2 falls back to JS crypto.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  plugins: [dockerodeWithoutBuildkit],
};
mkdirSync(outdir, { recursive: true });

// The CLI is split at its lazy `await import('./x')` calls (cli/main.ts's lazyCommand, fix --prove): each such
// module of server/src/cli becomes its own bundle dist/cli-x.js, loaded only by the command that runs, so
// `lint` never reads or compiles the engine, tar or ssh code. Shared code is bundled into each (one command
// runs per process).
const CLI_DIR = 'server/src/cli';
const lazyCliModules = [
  ...new Set(
    readdirSync(CLI_DIR)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(CLI_DIR, f), 'utf8').matchAll(/\bimport\(\s*'\.\/([\w-]+)'\s*\)/g)].map((m) => m[1])),
  ),
];
/** @type {import('esbuild').Plugin} */
const splitLazyCliModules = {
  name: 'split-lazy-cli-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.includes(join(CLI_DIR, '/')) && lazyCliModules.includes(args.path.slice(2))
        ? { path: `cli-${args.path.slice(2)}.js`, namespace: 'lazy-cli-bundle' }
        : undefined,
    );
    // The bundle is loaded through cli/bundleLoader.ts, which keeps its compiled code in the user's cache folder.
    build.onLoad({ filter: /.*/, namespace: 'lazy-cli-bundle' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(resolve(CLI_DIR, 'bundleLoader.ts'))}).loadBundle(${JSON.stringify(args.path)});`,
      loader: 'js',
      resolveDir: resolve(CLI_DIR),
    }));
  },
};
const cliEntries = Object.fromEntries([
  ['cli', `${CLI_DIR}/main.ts`],
  ...lazyCliModules.map((name) => [`cli-${name}`, `${CLI_DIR}/${name}.ts`]),
]);
await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: 'client/src/main.ts' }, outdir }),
  esbuild.build({ ...common, entryPoints: { server: 'server/src/server.ts', editorWorker: 'server/src/lsp/editorWorker.ts' }, outdir }),
  esbuild.build({
    ...common,
    entryPoints: { cli: cliEntries.cli },
    outdir,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, splitLazyCliModules],
    // import() of a bundle becomes require(): Node's ESM loader would scan a CommonJS bundle's text first (~100 ms).
    supported: { 'dynamic-import': false },
  }),
  esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(cliEntries).filter(([name]) => name !== 'cli')),
    outdir,
    plugins: [...common.plugins, splitLazyCliModules],
    supported: { 'dynamic-import': false },
  }),
]);
// The shell parser's WebAssembly files are loaded at run time from next to the bundle.
cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', join(outdir, 'web-tree-sitter.wasm'));
cpSync('node_modules/tree-sitter-bash/tree-sitter-bash.wasm', join(outdir, 'tree-sitter-bash.wasm'));
