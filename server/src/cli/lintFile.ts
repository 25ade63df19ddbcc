// One file's lint for `layerwise lint`, as two tasks the threads of cli/lintPool.ts share: its analysis and its syntax
// checks, merged by `withSyntax`. Everything a task would say on standard error is returned with its findings, so
// the output is the same, in the same order, however many threads ran.
import { configFor, newRunLookups, ruleContextFor, type RunLookups } from './readInputs';
import { parseDockerfile } from '../core/model/dockerfileModel';
import { analyzeModel } from '../core/analyze';
import type { FailureThreshold, LintConfig } from '../core/config/hadolintConfig';
import { mergeConfig } from '../core/config/hadolintEnv';
import type { Finding } from '../core/types';
import { syntaxFindings } from '../core/config/syntaxChecks';
import { initShellParser, needsShellParser, scaleParseBudget } from '../core/shell/index';
import { Shellcheck } from '../core/shellcheck/index';
import { useResultCache } from '../core/shellcheck/resultCache';
import { shellcheckCacheDir } from './cacheDirs';

export const DEFAULT_FAILURE_THRESHOLD: FailureThreshold = 'warning';
/** dockerfile-utils' syntax checks take seconds per 100 KB, growing faster than the text: larger files skip them. */
export const SYNTAX_CHECK_MAX_CHARS = 256_000;
/** A one-shot run has time: no RUN loses its findings to a busy machine (see scaleParseBudget). */
export const CLI_PARSE_BUDGET_SCALE = 20;

export interface FileFindings {
  file: string;
  findings: Finding[];
  lines: string[];
  threshold: FailureThreshold;
}

/** What every file of one `lint` run is linted with (plain data: it is sent to the worker threads). */
export interface LintSettings {
  explicitConfig?: string;
  ignore: string[];
  flagThreshold?: FailureThreshold;
  /** HADOLINT_* variables and hadolint's configuration flags, merged over each file's `.hadolint.yaml`. */
  overlay: Partial<LintConfig>;
  /** --verbose: say which configuration each file got. */
  verbose: boolean;
  /** Some HADOLINT_* variable configured something (said by --verbose). */
  fromEnvironment: boolean;
  /** The shellcheck binary to run inside RUN (a missing one is said once, not an error). */
  shellcheckPath: string;
}

// One per thread: it keeps results per RUN script and finds out once whether the binary runs.
let shellcheck: { path: string; instance: Shellcheck; notes: string[] } | undefined;

function shellcheckFor(path: string): { instance: Shellcheck; notes: string[] } {
  if (shellcheck?.path !== path) {
    // ShellCheck's results of earlier runs, in the user's cache folder: unchanged RUNs are not checked again.
    useResultCache(shellcheckCacheDir());
    const notes: string[] = [];
    shellcheck = { path, instance: new Shellcheck(path, (note) => notes.push(`layerwise: ${note}`)), notes };
  }
  return shellcheck;
}

// What a run found on disk above its Dockerfiles, by the run's settings (one object per run in each thread).
const lookupsOfRun = new WeakMap<LintSettings, RunLookups>();

function lookupsFor(settings: LintSettings): RunLookups {
  let lookups = lookupsOfRun.get(settings);
  if (!lookups) lookupsOfRun.set(settings, (lookups = newRunLookups()));
  return lookups;
}

/** A file's configuration: its `.hadolint.yaml` (or --config), the environment and flags over it, then --ignore. */
export function lintConfigFor(file: string, settings: LintSettings, report: (message: string) => void): LintConfig {
  const fromFile = configFor(file, { explicit: settings.explicitConfig }, report, lookupsFor(settings));
  return mergeConfig(mergeConfig(fromFile, settings.overlay), { ignored: [...settings.ignore] });
}

export interface LintOutcome {
  /** Undefined when the file could not be linted (a message says why). */
  result?: FileFindings;
  /** Lines for standard error, in the order they arose. */
  messages: string[];
  /** A message among them makes the run exit 2 (a config problem, a file not linted). */
  failed: boolean;
}

/** dockerfile-utils' syntax problems of one file, or why they were not checked: a part of a lint of its own. */
export interface SyntaxOutcome {
  findings: Finding[];
  messages: string[];
}

/**
 * A file's syntax checks. dockerfile-utils can throw on hostile text (stack overflow on ` ARG V=$V`): that costs the
 * syntax checks, not our findings. Its time grows faster than the text (minutes on 1 MB of short instructions):
 * large files skip it, said once. They are apart from the rules' analysis so that threads can share the work by
 * kind (cli/lintPool.ts): each thread then warms up only one of the two bodies of code.
 */
export function checkSyntax(file: string, text: string): SyntaxOutcome {
  if (text.length > SYNTAX_CHECK_MAX_CHARS)
    return {
      findings: [],
      messages: [`layerwise: ${file}: syntax checks skipped, the file is over ${SYNTAX_CHECK_MAX_CHARS / 1000} KB (all rules ran)`],
    };
  try {
    return { findings: syntaxFindings(text), messages: [] };
  } catch (error) {
    return { findings: [], messages: [`layerwise: ${file}: syntax checks skipped, dockerfile-utils failed: ${(error as Error).message}`] };
  }
}

/** A file's analysis (every rule and ShellCheck) without its syntax checks; its findings unsorted. */
export async function analyzeFile(file: string, text: string, settings: LintSettings): Promise<LintOutcome> {
  const messages: string[] = [];
  let failed = false;
  const report = (message: string) => {
    failed = true;
    messages.push(`layerwise: ${message}`);
  };
  try {
    const config = lintConfigFor(file, settings, report);
    if (config.verbose || settings.verbose)
      messages.push(
        `layerwise: ${file}: configuration ${config.source ?? 'none'}${settings.fromEnvironment ? ' with HADOLINT_* variables' : ''}`,
      );
    const model = parseDockerfile(text);
    // Most RUNs take the shell layer's fast path: the parser's WebAssembly is loaded only for one that does not.
    if (needsShellParser(model)) {
      scaleParseBudget(CLI_PARSE_BUDGET_SCALE);
      await initShellParser();
    }
    const findings = analyzeModel(model, {
      config,
      context: ruleContextFor(file, report, lookupsFor(settings)),
      onRuleError: (rule, error) => messages.push(`layerwise: rule ${rule} failed on ${file}: ${(error as Error).message}`),
    });
    const checker = shellcheckFor(settings.shellcheckPath);
    findings.push(...(await checker.instance.findings(model, { config, usePragmas: !config.disableIgnorePragma })));
    messages.push(...checker.notes.splice(0));
    const threshold = settings.flagThreshold ?? config?.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    return { result: { file, findings, lines: model.lines, threshold }, messages, failed };
  } catch (error) {
    // Each file under its own guard: a failure names the file and the others are still linted (exit 2).
    report(`${file}: not linted, ${error instanceof Error ? error.message : String(error)}`);
    return { messages, failed };
  }
}

/**
 * A file's analysis and its syntax checks as one outcome: syntax errors first (BuildKit would refuse the file),
 * sorted in with the rules' findings by position. A file not analysed gets no syntax findings either.
 */
export function withSyntax(analysis: LintOutcome, syntax: SyntaxOutcome): LintOutcome {
  if (!analysis.result) return analysis;
  const findings = [...syntax.findings, ...analysis.result.findings];
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { ...analysis, result: { ...analysis.result, findings }, messages: [...analysis.messages, ...syntax.messages] };
}
