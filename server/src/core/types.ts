// Plain data shared by the rule engine, the language server, the CLI and the engine code.
// Shapes match LSP's on purpose (0-based line/character) so the server converts them without copying,
// but nothing here imports LSP or `vscode`: the CLI and the engine modules use these too.

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';
export type RuleTag = 'size' | 'cache' | 'security' | 'correctness' | 'style';

export interface FixProposal {
  title: string;
  /** Safe: the image keeps its content but for caches and deleted files. Unsafe: changes the build. */
  safe: boolean;
  edits: TextEdit[];
  /** Extra files the fix creates, e.g. a `.dockerignore` next to the Dockerfile (path relative to it). */
  createFiles?: { path: string; content: string }[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  fixes: FixProposal[];
}

export interface RuleMeta {
  /** Stable kebab-case id; also the docs page name `docs/rules/<id>.md`. */
  id: string;
  /** hadolint (DLxxxx) and BuildKit check names this rule covers. */
  aliases: string[];
  severity: Severity;
  tags: RuleTag[];
  /** One sentence for listings and hovers. */
  summary: string;
  /** Off unless the user gives it a severity (settings or `.hadolint.yaml` override): policy rules. */
  optIn?: boolean;
}
