// `layerwise lint | fix | layers | analyze` — the same engine as the editor, for CI and terminals.
// Exit codes: 0 clean, 1 findings or thresholds broken, 2 usage errors and unreadable input.
import { UsageError } from './usage';
import { lintCommand } from './lint';
import { fixCommand } from './fix';
import { initShellParser } from '../core/shell/index';

const HELP = `Usage: layerwise <command> [options]

Commands:
  lint [--format text|json|sarif] [--failure-threshold error|warning|info|style|hint|none]
       [--config .hadolint.yaml] [--ignore RULE]... [--locale TAG] [--shellcheck PATH] FILES...
      Findings about size, cache and correctness. Default threshold: warning (or .hadolint.yaml's).
      Messages in the language of --locale (de, pt-BR), else of LC_ALL, LC_MESSAGES or LANG
      (de_DE.UTF-8); English when Layerwise has no translation for it.
      ShellCheck's SCxxxx findings inside RUN when shellcheck is installed (--shellcheck PATH, else PATH;
      --ignore shellcheck turns them off).
  fix [--write|--diff] [--rule ID]... [--unsafe] [--config .hadolint.yaml] FILES...
      Applies the safe fixes (with --unsafe also those that change the build) until nothing changes;
      prints the fixed file, writes it (--write) or prints a unified diff (--diff).
  fix --prove [--rule ID]... [--format text|json] [--context DIR] [--smoke-command "…"] [--host URL]
              [--no-proof-cache] DOCKERFILE
      Builds the Dockerfile as it is and as fixed and reports what the fixes change (bytes, files, packages,
      config, build cache) before anything is applied. Exit 1 when a "safe" fix changed the build.
  layers --image REF [--format json|text] [--stage NAME] [--host URL] DOCKERFILE
      The size of the layer each instruction produced, from the engine's image history.
  analyze [--dockerfile F] [--format json|text|markdown] [--min-efficiency 0.9] [--max-wasted BYTES]
          [--base-layers N] [--host URL] [--archive FILE|-] IMAGE
      Where the image's bytes go, what is wasted and which line put it there.

Rule ids, hadolint codes (DL3008) and BuildKit check names (StageNameCasing) are accepted wherever a rule is named.
Exit codes: 0 no problems, 1 findings at or above the threshold (or a broken analyze threshold),
2 usage errors, unreadable input or an unreachable engine.
`;

type Command = (argv: string[]) => Promise<number>;

async function lazyCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'lint':
      return lintCommand;
    case 'fix':
      return fixCommand;
    case 'layers':
      return (await import('./layers')).layersCommand;
    case 'analyze':
      return (await import('./analyze')).analyzeCommand;
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
    const command = await lazyCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    await initShellParser();
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`layerwise: ${error.message}\n\n${HELP}`);
      return 2;
    }
    process.stderr.write(`layerwise: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
