// Loads tree-sitter-bash (WebAssembly) once per process and parses shell text with it. Loading is
// asynchronous, so the server and the CLI await `initShellParser()` before the first analysis; parsing
// afterwards is synchronous. The .wasm files sit next to the bundle (dist/, copied by scripts/build.mjs)
// or, for the compiled tests, in node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
// `import = require` makes esbuild take the package's CommonJS build; its ESM build needs import.meta.
import TreeSitter = require('web-tree-sitter');
import type { Parser, Tree } from 'web-tree-sitter';

/**
 * One parser per process, even when several bundles carry a copy of this module (the CLI's commands are bundled
 * apart, scripts/build.mjs): whichever copy loads it, every copy parses with it.
 */
interface SharedParser {
  parser?: Parser;
  loading?: Promise<void>;
  compiling?: Promise<ShellParserModules>;
  budgetScale?: number;
}

/**
 * The parser's two WebAssembly modules, compiled. A compiled module can be posted to a worker thread, which then
 * only instantiates it: the CLI's worker threads (cli/lintPool.ts) skip compiling 1.5 MB of WebAssembly each.
 */
export interface ShellParserModules {
  runtime: WebAssembly.Module;
  language: WebAssembly.Module;
}
const shared: SharedParser = ((globalThis as Record<symbol, SharedParser>)[Symbol.for('layerwise.shellParser')] ??= {});

/**
 * Parsing stops (and the script counts as unparsed) after this long, so no text can hang the server. The budget
 * grows with the text (a 70 KB file's RUNs on a loaded machine need more than a small file's), so that an
 * ordinary big file parses the same way on a slow machine as on a fast one.
 */
const PARSE_BUDGET_MS = 250;
const PARSE_BUDGET_MS_PER_KB = 5;
/** Touches the grammar's common paths: words, quotes, expansions, pipes, lists, redirections, if and loops. */
const WARM_UP_SCRIPT =
  'set -e; if [ -n "$A" ]; then for f in a "b" ${C:-d}; do echo "$f" | tr a b > /dev/null 2>&1 || true; done; fi && x=$(cat <<EOF\nz\nEOF\n)\n';

function locate(file: string, packageName: string): string {
  const candidates = [path.join(__dirname, file)];
  // The bundles' case, without resolving a package (tens of milliseconds of a CLI run's start-up).
  if (fs.existsSync(candidates[0])) return candidates[0];
  try {
    candidates.push(path.join(path.dirname(require.resolve(`${packageName}/package.json`)), file));
  } catch {
    // Not resolvable from here (the bundle): only the copy next to it counts.
  }
  let dir = __dirname;
  for (let up = 0; up < 6; up++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'node_modules', packageName, file));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`Layerwise: ${file} not found (looked in ${candidates.slice(0, 2).join(', ')})`);
  return found;
}

/**
 * Multiplies every parse's time budget. The budget is wall time and keeps the editor responsive; a command-line run
 * on a loaded machine (or with worker threads sharing the cores) must not lose a RUN's findings to it, so the CLI
 * allows 20 times as long (still seconds, not forever, on hostile text). Per thread: each worker sets its own.
 */
export function scaleParseBudget(factor: number): void {
  shared.budgetScale = factor;
}

/** The part of the WebAssembly JavaScript API used here (the project's type libraries leave it out). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
  Instance: new (module: WebAssembly.Module, imports: object) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Compiles the parser's WebAssembly once per thread (off the thread: `WebAssembly.compile`); rejects if a file is missing. */
export function compileShellParserModules(): Promise<ShellParserModules> {
  shared.compiling ??= (async () => {
    // Baseline (Liftoff) code only, in the CLI and the language server alike. V8 otherwise re-compiles the huge
    // lexer with TurboFan in the background once parses make it hot: ~1 s of CPU per process, an exit that waits
    // for it (1–3 s, up to 20 s under load), and the optimised code parsed the corpus's RUNs no faster — slower
    // (docs/performance.md, "The language server's WebAssembly"). Process-wide, so worker threads get it too.
    setFlagsFromString('--liftoff-only');
    const compile = (file: string, packageName: string) => wasm.compile(fs.readFileSync(locate(file, packageName)));
    const [runtime, language] = await Promise.all([
      compile('web-tree-sitter.wasm', 'web-tree-sitter'),
      compile('tree-sitter-bash.wasm', 'tree-sitter-bash'),
    ]);
    return { runtime, language };
  })();
  shared.compiling.catch(() => {
    shared.compiling = undefined;
  });
  return shared.compiling;
}

/**
 * Loads the shell parser; safe to call many times (one load). Rejects with a clear message if the wasm is missing.
 * `compiled`: modules another thread compiled (compileShellParserModules), else they are compiled here.
 */
export function initShellParser(compiled?: ShellParserModules): Promise<void> {
  shared.loading ??= (async () => {
    const { runtime, language } = compiled ?? (await compileShellParserModules());
    // Emscripten's hook for a module it does not compile itself: instantiated here from the compiled one.
    const instantiateWasm = (imports: object, receive: (instance: object, module: WebAssembly.Module) => void) => {
      receive(new wasm.Instance(runtime, imports), runtime);
      return {};
    };
    await TreeSitter.Parser.init({ instantiateWasm });
    const p = new TreeSitter.Parser();
    p.setLanguage(TreeSitter.Language.loadSync(language));
    // WebAssembly functions compile on their first call: one small parse here pays that, so the first RUN's
    // parse is not the one that runs over its time budget on a busy machine and loses its findings.
    p.parse(WARM_UP_SCRIPT)?.delete();
    shared.parser = p;
  })();
  shared.loading.catch(() => {
    shared.loading = undefined;
  });
  return shared.loading;
}

export function shellParserReady(): boolean {
  return shared.parser !== undefined;
}

/**
 * Parses bash text. The caller must `delete()` the tree. Returns undefined when the parse ran over its
 * time budget. Throws if `initShellParser()` was not awaited (a programming error, reported loudly).
 */
export function parseBash(text: string, budgetMs = PARSE_BUDGET_MS + (text.length / 1024) * PARSE_BUDGET_MS_PER_KB): Tree | undefined {
  const { parser } = shared;
  if (!parser) throw new Error('Layerwise: the shell parser is not loaded; await initShellParser() first');
  const deadline = performance.now() + budgetMs * (shared.budgetScale ?? 1);
  const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
  if (!tree) parser.reset();
  return tree ?? undefined;
}
