// One esbuild call per entry point: client (extension host), server (LSP over IPC or --stdio) with its editor
// worker thread, cli.
//   node scripts/build.mjs [--production] [--outdir=DIR]   (DIR defaults to dist; the UI tests package elsewhere)
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: 'client/src/main.ts' }, outdir }),
  esbuild.build({ ...common, entryPoints: { server: 'server/src/server.ts', editorWorker: 'server/src/lsp/editorWorker.ts' }, outdir }),
  esbuild.build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir, banner: { js: '#!/usr/bin/env node' } }),
]);
// The shell parser's WebAssembly files are loaded at run time from next to the bundle.
cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', join(outdir, 'web-tree-sitter.wasm'));
cpSync('node_modules/tree-sitter-bash/tree-sitter-bash.wasm', join(outdir, 'tree-sitter-bash.wasm'));
