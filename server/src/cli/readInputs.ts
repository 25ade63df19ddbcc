// Reads the files named on the command line (or found in the folders and globs it names, cli/discover.ts), and
// what applies to each: its `.hadolint.yaml` and whether its build context has a `.dockerignore`. An unreadable or binary file is reported and the others go on; a FIFO,
// a device or a huge file is refused (core/fs/readWorkspaceFile), never waited for.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isatty } from 'node:tty';
import { LintConfig, parseHadolintConfig } from '../core/config/hadolintConfig';
import { loadLintConfig } from '../core/config/loadConfig';
import { decodeDockerfile } from './dockerfileBytes';
import { ruleContextFor as ruleContextOnDisk, type ConfiguredRuleContext } from '../core/config/configuredContext';
import { readWorkspaceFile, readWorkspaceText, LIMITS, WorkspaceFileError, formatLimit, kindOf } from '../core/fs/readWorkspaceFile';
import { expandInputs } from './discover';
import { newInvocationLookups, type InvocationLookups } from '../core/invocation/findInvocations';

/**
 * What one run found above its Dockerfiles (config files, Compose/Bake files), kept for that run: many Dockerfiles
 * share folders, and each lookup checks a dozen names per folder up to the root.
 */
export interface RunLookups {
  invocations: InvocationLookups;
  /** Folder → the nearest `.hadolint.yaml` (core/config/loadConfig.ts). */
  configFiles: Map<string, string | undefined>;
}

export function newRunLookups(): RunLookups {
  return { invocations: newInvocationLookups(), configFiles: new Map() };
}

/** One input: its bytes as read, and their text (see dockerfileBytes.ts: invalid bytes survive a round trip). */
export interface InputFile {
  file: string;
  text: string;
  bytes: Buffer;
}

/** The inputs the arguments name: files, folders searched for Dockerfiles, globs (cli/discover.ts), `-`. */
export function readInputs(args: string[], onError: (message: string) => void): InputFile[] {
  const files = expandInputs(args, onError);
  const inputs: InputFile[] = [];
  const add = (file: string, bytes: Buffer) => {
    const decoded = decodeDockerfile(bytes);
    if ('binary' in decoded) onError(`${file}: not read, ${decoded.binary}`);
    else inputs.push({ file, text: decoded.text, bytes });
  };
  for (const file of files) {
    try {
      if (file === '-') {
        add('<stdin>', readStdin());
        continue;
      }
      add(file, readWorkspaceFile(file, LIMITS.dockerfile));
    } catch (error) {
      if (error instanceof WorkspaceFileError) {
        onError(error.message);
        continue;
      }
      const code = (error as NodeJS.ErrnoException).code;
      onError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
    }
  }
  return inputs;
}

/** Standard input redirected from a device (`< /dev/zero` never ends) or a huge file is refused like a named file. */
function readStdin(): Buffer {
  const stat = fs.fstatSync(0);
  if (stat.isFile() && stat.size > LIMITS.dockerfile.maxBytes)
    throw new WorkspaceFileError(
      '<stdin>',
      'too-large',
      `is too large (${formatLimit(stat.size)}; the limit is ${formatLimit(LIMITS.dockerfile.maxBytes)}): not read`,
    );
  if ((stat.isCharacterDevice() || stat.isBlockDevice()) && !isatty(0))
    throw new WorkspaceFileError('<stdin>', 'not-regular', `is ${kindOf(stat)}, not a Dockerfile: not read`);
  return fs.readFileSync(0);
}

/** What rules need to know about a Dockerfile's build context; nothing for standard input. */
export function ruleContextFor(file: string, onError?: (message: string) => void, lookups?: RunLookups): ConfiguredRuleContext {
  if (file === '<stdin>') return {};
  const context = ruleContextOnDisk(file, lookups?.invocations);
  // A .dockerignore that is a FIFO or a device: linting goes on without its patterns, and says why.
  if (context.dockerignore?.problem) onError?.(context.dockerignore.problem);
  return context;
}

export interface ConfigChoice {
  /** `--config FILE`: use this file for every input instead of searching. */
  explicit?: string;
}

/**
 * The lint configuration of one input: `--config`, else the nearest `.hadolint.yaml` (stdin: searched from
 * the working directory). Problems with a config file are passed to `onError`; linting goes on without it.
 */
export function configFor(
  file: string,
  choice: ConfigChoice,
  onError: (message: string) => void,
  lookups?: RunLookups,
): LintConfig | undefined {
  let config: LintConfig | undefined;
  if (choice.explicit) {
    let text: string | undefined;
    try {
      text = readWorkspaceText(choice.explicit, LIMITS.config);
    } catch (error) {
      onError(`${choice.explicit}: cannot read config (${error instanceof WorkspaceFileError ? error.detail : (error as Error).message})`);
    }
    if (text !== undefined) {
      const parsed = parseHadolintConfig(text, choice.explicit);
      for (const problem of parsed.problems) onError(`${choice.explicit}: ${problem}`);
      config = parsed.config;
    }
  } else {
    const loaded = loadLintConfig(file === '<stdin>' ? path.join(process.cwd(), 'Dockerfile') : file, lookups?.configFiles);
    for (const problem of loaded.problems) onError(`${loaded.file}: ${problem}`);
    config = loaded.config;
  }
  return config;
}
