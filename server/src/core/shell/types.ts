// Plain data the shell layer produces for a RUN instruction. Ranges point into the Dockerfile text
// (0-based, like every Range in core/types.ts), even though the shell saw a cleaned-up copy of the body.
import type { Range } from '../types';

/** One `--flag[=value]` of a RUN instruction, e.g. `--mount=type=cache,target=/root/.cache/pip`. */
export interface RunFlag {
  name: string;
  value: string | undefined;
  range: Range;
}

/** A `RUN --mount=…`, options split (`type` defaults to `bind`, as BuildKit does). */
export interface RunMount {
  type: string;
  /** `target`/`dst`/`destination`, without a trailing slash. */
  target: string | undefined;
  options: Record<string, string>;
}

export type Operator = '&&' | '||' | ';' | '|' | '|&' | '&' | '\n';

/** Where a command sits: inside a subshell `( )`, a group `{ }`, if/loop/case bodies, a function, `$( )`. */
export type NestingKind = 'subshell' | 'group' | 'if' | 'loop' | 'case' | 'function' | 'substitution' | 'negation';

export interface ShellWord {
  /** The word as written (quotes included). */
  text: string;
  /** The word's value when it is static (quotes removed, no expansions); undefined when it has expansions. */
  value: string | undefined;
  range: Range;
}

export interface ShellCommand {
  /** Static command name (`apt-get`), or the raw text when it has expansions (`$PIP`). */
  name: string;
  nameWord: ShellWord;
  args: ShellWord[];
  /** `VAR=value` prefixes. */
  assignments: { name: string; value: string }[];
  /** The whole simple command (redirections included). */
  range: Range;
  /** Files its output redirections write (`> /out.txt`, `>> log`), as words. */
  writes?: ShellWord[];
  /** The operator after this command in its list or pipeline, if any. */
  operatorAfter: Operator | undefined;
  /** Outermost first. Empty for a top-level command. */
  nesting: NestingKind[];
  /** Index of the top-level statement (`a && b; c` → 0, 0, 1) for grouping commands that belong together. */
  statement: number;
}

export type ScriptKind =
  /** `RUN cmd …` shell form, or a `RUN <<EOF` heredoc script run by the shell. */
  | 'shell'
  /** `RUN ["cmd", "arg"]`: no shell; one command. */
  | 'exec'
  /** A SHELL that is not POSIX (powershell, cmd) or a heredoc with a non-shell `#!`: not parsed. */
  | 'foreign';

export interface ShellScript {
  kind: ScriptKind;
  flags: RunFlag[];
  mounts: RunMount[];
  /** Commands in source order (nested ones included, in the order they appear). */
  commands: ShellCommand[];
  /** `set -e` (or `-o errexit`) is in effect from the start, or set by the script. */
  errexit: boolean;
  /** `set -o pipefail` is set by the script or the SHELL instruction. */
  pipefail: boolean;
  /** The shell parser found a syntax error (the commands are its best effort) or ran out of time. */
  hasSyntaxError: boolean;
  /** The RUN uses a heredoc (`RUN <<EOF`, `RUN cat <<EOF > f`). */
  hasHeredoc: boolean;
  /** A top-level `VAR=value` statement, `cd`, `export`… changes the state later commands of the same shell see. */
  changesShellState: boolean;
  /**
   * Shell state set anywhere outside a subshell or `$( )` — top level, or inside a group, if, loop, case or
   * function (`if …; then cd /x; fi`): what a command appended to this script would run under.
   */
  leaksShellState: boolean;
  /** A `VAR=value` statement outside a subshell (part of leaksShellState). */
  setsVariables: boolean;
  /** The script has a shell comment: text appended after it on the same joined line would be commented out. */
  hasComment: boolean;
  /** The range of the script body in the Dockerfile (after the flags), for fixes that append. */
  bodyRange: Range | undefined;
  /** The effective SHELL for this RUN (`["/bin/sh","-c"]` by default). */
  shell: string[];
}
