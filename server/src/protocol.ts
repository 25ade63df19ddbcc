// Custom LSP messages, typed once for both sides (the client imports this file; so may other editors' glue).
// Only `vscode-languageserver-protocol` types here: no `vscode`, no server internals.
import { RequestType, NotificationType } from 'vscode-languageserver-protocol';

/** Sent by the client in `initializationOptions`. */
export interface InitializationOptions {
  /** Resolved by the client from `layerwise.editorFeatures` and the installed extensions. */
  editorFeatures: boolean;
  /** Per-rule severities from `layerwise.rules`. */
  rules?: Record<string, string>;
  /** Whether the workspace is trusted: the engine is contacted only when it is. */
  trusted?: boolean;
}

export interface ServerStatusParams {
  state: 'ready' | 'busy';
  message?: string;
}
/** Server → client: shown in the status bar item. */
export const serverStatusNotification = new NotificationType<ServerStatusParams>('layerwise/serverStatus');

export interface RuleDocParams { rule: string }
/** Client → server: the Markdown docs of a rule, for "Show rule documentation". */
export const ruleDocumentationRequest = new RequestType<RuleDocParams, { markdown: string } | null, void>('layerwise/ruleDocumentation');

/** Command ids the server puts in code actions and the client implements. */
export const ClientCommands = {
  showRuleDocumentation: 'layerwise.showRuleDocumentation',
} as const;
