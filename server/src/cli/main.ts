// `layerwise lint | fix | layers | analyze | build | forecast` — the same engine as the editor, for CI and terminals.
// Exit codes: 0 clean, 1 findings or thresholds broken, 2 usage errors and unreadable input.
// Each command is loaded when it runs (scripts/build.mjs bundles every lazy import apart): start-up is part of
// every pre-commit hook's lint, see docs/performance.md.
import { setFlagsFromString } from 'node:v8';
import { UsageError } from './usage';
// Part of this bundle, not loaded apart: a one-file lint would pay for reading one more file.
import { giveUpEarlyLintWorkers, startEarlyLintWorkers } from './lintEarly';

const HELP = `Usage: layerwise <command> [options]

Commands:
  lint [--format text|json|sarif] [--failure-threshold error|warning|info|style|hint|none]
       [--config .hadolint.yaml] [--ignore RULE]... [--locale TAG] [--no-fail] [--no-color] [--verbose]
       [--trusted-registry REG]... [--require-label NAME:TYPE]... [--strict-labels] [--disable-ignore-pragma]
       [--jobs N] [--shellcheck PATH] FILES|FOLDERS|'GLOBS'...
      Findings about size, cache and correctness. Default threshold: warning (or .hadolint.yaml's).
      hadolint's HADOLINT_* variables apply (HADOLINT_IGNORE, HADOLINT_NOFAIL…): flags > variables > file.
      Folders are searched for Dockerfiles and Containerfiles (skipping what .gitignore and .dockerignore
      exclude); many files are linted on all cores (--jobs 1: one thread); the output keeps the input order.
      Messages in the language of --locale (de, pt-BR), else of LC_ALL, LC_MESSAGES or LANG
      (de_DE.UTF-8); English when Layerwise has no translation for it.
      ShellCheck's SCxxxx findings inside RUN when shellcheck is installed (--shellcheck PATH, else PATH;
      --ignore shellcheck turns them off).
  fix [--write|--diff] [--rule ID]... [--unsafe] [--config .hadolint.yaml] FILES|FOLDERS|'GLOBS'...
      Applies the safe fixes (with --unsafe also those that change the build) until nothing changes;
      prints the fixed file, writes it (--write) or prints a unified diff (--diff).
  fix --prove [--rule ID]... [--format text|json] [--context DIR] [--smoke-command "…"] [--host URL]
              [--no-proof-cache] DOCKERFILE
      Builds the Dockerfile as it is and as fixed and reports what the fixes change (bytes, files, packages,
      config, build cache) before anything is applied. Exit 1 when a "safe" fix changed the build.
  layers --image REF [--format json|text] [--stage NAME] [--host URL] DOCKERFILE
      The size of the layer each instruction produced, from the engine's image history; with --format json
      also its "seconds", "cached" and "rebuiltBecause" when Layerwise recorded the build. --image
      docker://HOST/REPO:TAG reads it from a registry ([--platform OS/ARCH] [--insecure], as for analyze).
  analyze [--dockerfile F] [--format json|text|markdown] [--min-efficiency 0.9] [--max-wasted BYTES]
          [--base-layers N] [--host URL] [--archive FILE|-] IMAGE
      Where the image's bytes go, what is wasted and which line put it there.
  analyze [options above] [--platform OS/ARCH[/VARIANT]] [--insecure] docker://HOST[:PORT]/REPO[:TAG|@DIGEST]
      The same, read from a registry without an engine: credentials from ~/.docker/config.json (or
      DOCKER_CONFIG), Basic or token auth, HTTPS with the system CAs; plain HTTP only for loopback hosts
      or with --insecure. --platform picks an image of a multi-platform index (default: linux, this machine).
  build [-t TAG] [-f Dockerfile] [--target STAGE] [--build-arg K=V]... [--builder classic|buildkit]
        [--host URL] CONTEXT
      Builds as the editor's "Build image" does and records each step's time, cache use and cache inputs
      (in the user's cache folder) for layers, forecast and the lenses. Exit 1 when the build fails.
  forecast [--format json|text] [--build-arg K=V]... [--target STAGE] [--host URL] DOCKERFILE
      Which steps the next build will run again, and why, against the last recorded build.
      Exit 2 when no build of that Dockerfile was recorded.
  diff [--format text|json|markdown|sarif] [--dockerfile F] [--max-growth BYTES] [--sarif-threshold BYTES]
       [--host URL] BASE HEAD
      Two images compared line by line of the Dockerfile: bytes before, after, and the files each line
      added, removed or grew. Exit 1 past --max-growth or a budget of .layerwise.yaml (docs/ci.md).
      Either image may be docker://HOST/REPO:TAG in a registry ([--platform OS/ARCH] [--insecure]).

Rule ids, hadolint codes (DL3008) and BuildKit check names (StageNameCasing) are accepted wherever a rule is named.
Exit codes: 0 no problems, 1 findings at or above the threshold (or a broken analyze threshold),
2 usage errors, unreadable input or an unreachable engine.
`;

type Command = (argv: string[]) => Promise<number>;

/**
 * Commands that load the shell parser themselves, and only when a RUN needs it (most files need it not at all),
 * or never need it: `analyze` reads no RUN, and loading the parser first delayed its export request.
 */
const LOADS_SHELL_PARSER_ITSELF: ReadonlySet<string> = new Set(['lint', 'fix', 'analyze']);

async function lazyCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'lint':
      return (await import('./lint')).lintCommand;
    case 'fix':
      return (await import('./fix')).fixCommand;
    case 'layers':
      return (await import('./layers')).layersCommand;
    case 'analyze':
      return (await import('./analyze')).analyzeCommand;
    case 'build':
      return (await import('./build')).buildCommand;
    case 'forecast':
      return (await import('./forecast')).forecastCommand;
    case 'diff':
      return (await import('./diff')).diffCommand;
    default:
      return undefined;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  try {
    // The engine starts preparing the image's export while the command loads (analyzeEarly.ts).
    if (name === 'analyze') await (await import('./analyzeEarly')).sendEarlyExport(rest);
    // Many files: the worker threads start while the command loads (lintEarly.ts).
    if (name === 'lint') startEarlyLintWorkers(rest);
    const command = await lazyCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (!LOADS_SHELL_PARSER_ITSELF.has(name)) await (await import('./shellParser')).initShellParser();
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`layerwise: ${error.message}\n\n${HELP}`);
      return 2;
    }
    process.stderr.write(`layerwise: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    if (name === 'analyze') (await import('./analyzeEarly')).giveUpEarlyExport();
    if (name === 'lint') giveUpEarlyLintWorkers();
  }
}

if (require.main === module) {
  // (The shell parser's WebAssembly runs baseline code only: core/shell/parser.ts sets that where it compiles.)
  // A lint process lives a few seconds: V8's optimising compiler (TurboFan) spends more CPU on its hot functions,
  // on background threads, than the optimised code saves. Baseline (Sparkplug) code only: the corpus's 210 files
  // took 2.05 s of CPU instead of 3.13 s, a 1 MB file 0.8 instead of 1.1 s, at 2,100 files still even
  // (docs/performance.md, fourth round). Set before the bundle loads: V8 keeps its code cache only under the flags
  // it was made with. Process-wide, so the worker threads get it too.
  if (process.argv[2] === 'lint') setFlagsFromString('--max-opt=1');
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
