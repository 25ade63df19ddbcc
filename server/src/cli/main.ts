// `layerwise lint | fix | layers | analyze` — the same engine as the editor, for CI and terminals.
// Exit codes: 0 clean, 1 findings or thresholds broken, 2 usage errors and unreadable input.
import { UsageError } from './usage';
import { lintCommand } from './lint';
import { fixCommand } from './fix';
import { initShellParser } from '../core/shell/index';

const HELP = `Usage: layerwise <command> [options]

Commands:
  lint [--format text|json|sarif] [--failure-threshold error|warning|info|hint|none] FILES...
  fix [--write|--diff] [--rule ID]... [--unsafe] FILES...
  layers --image REF [--format json|text] DOCKERFILE
  analyze [--dockerfile F] [--format json|text] [--min-efficiency 0.9] [--max-wasted BYTES] IMAGE

Exit codes: 0 no problems, 1 findings at or above the threshold, 2 usage errors or unreadable input.
`;

type Command = (argv: string[]) => Promise<number>;

async function lazyCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'lint': return lintCommand;
    case 'fix': return fixCommand;
    case 'layers': return (await import('./layers')).layersCommand;
    case 'analyze': return (await import('./analyze')).analyzeCommand;
    default: return undefined;
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
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
