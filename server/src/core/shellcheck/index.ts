// ShellCheck inside RUN, where a `shellcheck` binary is installed (see docs/rules/shellcheck.md). Results are
// kept per script (shell, names in scope and RUN text: the whole input ShellCheck sees), so an edit re-checks
// only the RUNs it changed; the language server shows what is kept at once and the rest when it arrives.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { Finding } from '../types';
import { parsePragmas } from '../config/pragmas';
import { runShellcheck, ShellcheckUnavailable, type RunOptions, type ShellcheckComment } from './runner';
import { shellcheckScripts, type ShellcheckScript } from './script';
import { scriptFindings, shellcheckEnabled, type ShellcheckSettings } from './findings';

export { SHELLCHECK_RULE_ID, shellcheckEnabled, type ShellcheckSettings } from './findings';
export { shellcheckScripts, type ShellcheckScript } from './script';
export { runShellcheck, shellcheckVersion, ShellcheckUnavailable, EXCLUDED_CODES, type RunOptions, type ShellcheckComment } from './runner';

export interface ShellcheckAnalysisOptions extends ShellcheckSettings {
  /** Honour `# hadolint ignore=SC…` pragmas (default true). */
  usePragmas?: boolean;
}

const MAX_KEPT_RESULTS = 4000;

export class Shellcheck {
  private readonly kept = new Map<string, readonly ShellcheckComment[]>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private missing: string | undefined;

  /** `onNote`: told once when the binary cannot be run, and of failed runs (for a log). */
  constructor(
    readonly binary: string = 'shellcheck',
    private readonly onNote: (message: string) => void = () => {},
    private readonly runOptions: RunOptions = {},
  ) {}

  /** Why ShellCheck does not run (the binary is missing), once a run has found out. */
  get unavailable(): string | undefined {
    return this.missing;
  }

  scriptsOf(model: DockerfileModel, options: ShellcheckAnalysisOptions): ShellcheckScript[] {
    if (this.missing || !shellcheckEnabled(options)) return [];
    return shellcheckScripts(model);
  }

  /** Findings of the scripts already checked, and the scripts still to check (`check` them, then ask again). */
  cachedFindings(model: DockerfileModel, options: ShellcheckAnalysisOptions): { findings: Finding[]; pending: ShellcheckScript[] } {
    const scripts = this.scriptsOf(model, options);
    const pragmas = options.usePragmas === false || scripts.length === 0 ? undefined : parsePragmas(model);
    const findings: Finding[] = [];
    const pending: ShellcheckScript[] = [];
    for (const script of scripts) {
      const key = script.digest;
      const comments = this.kept.get(key);
      if (!comments) {
        pending.push(script);
        continue;
      }
      // Most recently used last: the oldest results leave first.
      this.kept.delete(key);
      this.kept.set(key, comments);
      if (comments.length > 0) findings.push(...scriptFindings(model, script, comments, { ...options, pragmas }));
    }
    return { findings, pending };
  }

  /** Runs ShellCheck on the scripts not yet checked. Never rejects: a missing binary or a failed run is noted. */
  async check(scripts: readonly ShellcheckScript[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const todo = new Map<string, ShellcheckScript>();
    for (const script of scripts) {
      const key = script.digest;
      const running = this.inFlight.get(key);
      if (running) waits.push(running);
      else if (!this.kept.has(key)) todo.set(key, script);
    }
    if (todo.size > 0) {
      const keys = [...todo.keys()];
      const run = runShellcheck(
        this.binary,
        keys.map((k) => todo.get(k)!.text),
        this.runOptions,
      ).then(
        (results) => keys.forEach((key, i) => this.keep(key, results[i])),
        (error: unknown) => {
          if (error instanceof ShellcheckUnavailable) {
            if (!this.missing) this.onNote(`ShellCheck not run (${error.message}): SC findings inside RUN need a shellcheck binary.`);
            this.missing = error.message;
            return;
          }
          // Kept as "nothing found" so the same text is not retried on every keystroke.
          this.onNote(`ShellCheck failed on ${keys.length} RUN(s): ${(error as Error).message}`);
          for (const key of keys) this.keep(key, []);
        },
      );
      for (const key of keys) this.inFlight.set(key, run);
      waits.push(run.finally(() => keys.forEach((key) => this.inFlight.delete(key))));
    }
    await Promise.all(waits);
  }

  private keep(key: string, comments: readonly ShellcheckComment[]): void {
    this.kept.set(key, comments);
    if (this.kept.size > MAX_KEPT_RESULTS) this.kept.delete(this.kept.keys().next().value!);
  }

  /** Every ShellCheck finding of a model, running what is not kept yet. */
  async findings(model: DockerfileModel, options: ShellcheckAnalysisOptions = {}): Promise<Finding[]> {
    const first = this.cachedFindings(model, options);
    if (first.pending.length === 0) return first.findings;
    await this.check(first.pending);
    return this.cachedFindings(model, options).findings;
  }
}
