// One esbuild call per entry point: client (extension host), server (LSP over IPC or --stdio) with its editor
// worker thread, cli.
//   node scripts/build.mjs [--production] [--outdir=DIR]   (DIR defaults to dist; the UI tests package elsewhere)
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      contents: `module.exports = require(${JSON.stringify(resolve(CLI_DIR, 'bundleLoader.ts'))}).loadBundle(${JSON.stringify(args.path)}, ${JSON.stringify(digestPlaceholder(args.path))});`,
      loader: 'js',
      resolveDir: resolve(CLI_DIR),
    }));
  },
};
/** Stands for a bundle's digest until writeBundleDigests puts the real one in. */
const digestPlaceholder = (bundle) => `@digest-of:${bundle}@`;
const DIGEST_PLACEHOLDER = /@digest-of:(cli-[\w-]+\.js)@/g;

/**
 * Writes each bundle's digest (its final text, 32 hex digits) where another bundle loads it: the code cache is
 * named after it (cli/bundleLoader.ts), so no run hashes the text. A bundle that loads others gets theirs first.
 */
function writeBundleDigests(dir) {
  const texts = new Map(
    readdirSync(dir)
      .filter((f) => /^cli(-[\w-]+)?\.js$/.test(f))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
  const digests = new Map();
  while (digests.size < texts.size) {
    const before = digests.size;
    for (const [name, text] of texts) {
      const refs = [...text.matchAll(DIGEST_PLACEHOLDER)].map((m) => m[1]);
      if (digests.has(name) || !refs.every((ref) => digests.has(ref))) continue;
      const final = text.replace(DIGEST_PLACEHOLDER, (_, ref) => digests.get(ref));
      if (final !== text) writeFileSync(join(dir, name), final);
      digests.set(name, createHash('sha256').update(final).digest('hex').slice(0, 32));
    }
    if (digests.size === before)
      throw new Error(`bundles load each other in a circle: ${[...texts.keys()].filter((n) => !digests.has(n))}`);
  }
}

// Node's own modules that a one-file lint seldom needs (~10 ms of CPU each to load): crypto (ShellCheck's and the
// build records' digests), child_process (ShellCheck), tty (standard input), worker_threads (many files). In the
// CLI bundles they load on their
// first use. Only named imports (`import { x } from`) stay lazy; `import * as` reads every name, loading it at once.
const LAZY_BUILTINS = ['node:crypto', 'node:child_process', 'node:tty', 'node:worker_threads'];
/** @type {import('esbuild').Plugin} */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtin' },
    );
    // esbuild reads the module's names when it is imported (`__toESM`): they are listed here, from the building Node,
    // and each is looked up on the real module at its first use.
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => ({
      contents: `const names = ${JSON.stringify(Object.keys(await import(args.path)).filter((name) => name !== 'default'))};
let loaded;
const load = () => (loaded ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => (names.includes(key) ? { value: undefined, writable: true, enumerable: true, configurable: true } : undefined),
});`,
      loader: 'js',
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
    plugins: [...common.plugins, splitLazyCliModules, lazyBuiltins],
    // import() of a bundle becomes require(): Node's ESM loader would scan a CommonJS bundle's text first (~100 ms).
    supported: { 'dynamic-import': false },
  }),
  esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(cliEntries).filter(([name]) => name !== 'cli')),
    outdir,
    plugins: [...common.plugins, splitLazyCliModules, lazyBuiltins],
    supported: { 'dynamic-import': false },
  }),
]);
writeBundleDigests(outdir);
// The shell parser's WebAssembly files are loaded at run time from next to the bundle.
cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', join(outdir, 'web-tree-sitter.wasm'));
cpSync('node_modules/tree-sitter-bash/tree-sitter-bash.wasm', join(outdir, 'tree-sitter-bash.wasm'));
