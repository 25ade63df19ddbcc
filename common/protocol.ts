// Custom LSP messages, typed once for both sides (the client imports this file; so may other editors' glue).
// Only `vscode-languageserver-protocol` types here: no `vscode`, no server internals.
import { RequestType, RequestType0, NotificationType } from 'vscode-languageserver-protocol';

/** Sent by the client in `initializationOptions`. */
export interface InitializationOptions {
  /** Resolved by the client from `layerwise.editorFeatures` and the installed extensions. */
  editorFeatures: boolean;
  /** Per-rule severities from `layerwise.rules`. */
  rules?: Record<string, string>;
  /** Whether the workspace is trusted: the engine is contacted only when it is. */
  trusted?: boolean;
  /** Every workspace folder is on a virtual file system: the engine is not used at all (linting only). */
  virtualWorkspace?: boolean;
  /**
   * The client colours Dockerfiles with Layerwise's own TextMate grammar (shell and heredoc bodies embedded);
   * the service's semantic tokens would paint over it with one colour per shell word, so they are left out.
   */
  hasLayerwiseGrammar?: boolean;
}

export interface ServerStatusParams {
  state: 'ready' | 'busy';
  message?: string;
}
/** Server → client: shown in the status bar item. */
export const serverStatusNotification = new NotificationType<ServerStatusParams>('layerwise/serverStatus');

export interface RuleDocParams {
  rule: string;
}
/** Client → server: the Markdown docs of a rule, for "Show rule documentation". */
export const ruleDocumentationRequest = new RequestType<RuleDocParams, { markdown: string } | null, void>('layerwise/ruleDocumentation');

/** Command ids the server puts in code actions and the client implements. */
export const ClientCommands = {
  showRuleDocumentation: 'layerwise.showRuleDocumentation',
  showLayerDetails: 'layerwise.showLayerDetails',
  buildImage: 'layerwise.buildImage',
  linkImage: 'layerwise.linkImage',
  analyzeImage: 'layerwise.analyzeImage',
  retryEngine: 'layerwise.retryEngine',
  configureEngine: 'layerwise.configureEngine',
  manageTrust: 'layerwise.manageTrust',
  addToDockerignore: 'layerwise.addToDockerignore',
  revealLine: 'layerwise.revealLine',
  proveFix: 'layerwise.proveFix',
} as const;

/**
 * Code action kind of a rule's own fix: `quickfix.layerwise.<rule id>`. VS Code's `executeCodeActionProvider`
 * hands back only title, kind, edit and command (no diagnostics, no data), so the kind is what tells the
 * Analyze report's "Apply fix" which action is the rule's fix.
 */
export const FIX_KIND_PREFIX = 'quickfix.layerwise.';
export const fixActionKind = (rule: string): string => `${FIX_KIND_PREFIX}${rule}`;
/** The kind of "Prove this fix" beside a rule's fix (a kind of its own, so the Analyze report can find it). */
export const proveActionKind = (rule: string): string => `quickfix.layerwise-prove.${rule}`;
export function ruleOfFixKind(kind: string | undefined): string | undefined {
  return kind?.startsWith(FIX_KIND_PREFIX) ? kind.slice(FIX_KIND_PREFIX.length) : undefined;
}

// ---- Layer sizes, images and builds (the server owns the engine connection) ----

/** Client → server: which image belongs to which Dockerfile, by absolute file path. */
export interface ImageLinksParams {
  /** From Layerwise's own builds and "Link image to Dockerfile…" (remembered per workspace). */
  links: Record<string, string>;
  /** From the `layerwise.images` setting: workspace-relative Dockerfile path → image reference. */
  settings: Record<string, string>;
  workspaceFolders: string[];
}
export const imageLinksNotification = new NotificationType<ImageLinksParams>('layerwise/imageLinks');

/** Client → server: settings that affect the engine connection. */
export interface EngineSettingsParams {
  /** `layerwise.docker.host`; empty means "as the docker CLI would". */
  host: string;
  trusted: boolean;
  /** See `InitializationOptions.virtualWorkspace`. */
  virtualWorkspace?: boolean;
}
export const engineSettingsNotification = new NotificationType<EngineSettingsParams>('layerwise/engineSettings');

export interface EngineStatusParams {
  reachable: boolean;
  /** Where we connect: the engine URL, and how it was found (e.g. "(default)"). */
  endpoint: string;
  /** Why it is unreachable, with what to do about it. */
  message?: string;
  /** What kind of failure `message` describes ("unreachable": nothing answers; "permission", "tls"…). */
  failureKind?: string;
  /** The workspace is not trusted, so the engine is not contacted at all. */
  untrusted?: boolean;
  /** The workspace is virtual, so the engine is not used at all. */
  virtualWorkspace?: boolean;
}
/** Server → client: engine reachability, for the status bar (never a pop-up). */
export const engineStatusNotification = new NotificationType<EngineStatusParams>('layerwise/engineStatus');

export interface ImageSummary {
  id: string;
  tags: string[];
  sizeBytes: number;
  /** Unix seconds. */
  created: number;
  /** The Dockerfile path a Layerwise build recorded in the image's label, if any. */
  dockerfile?: string;
}
export const listImagesRequest = new RequestType0<ImageSummary[], void>('layerwise/listImages');

export interface BuildImageParams {
  /** Chosen by the client; progress notifications for this build carry it. */
  buildId: string;
  /** The Dockerfile's URI. */
  uri: string;
  tag: string;
  /** Build only up to this stage (`--target`). */
  target?: string;
  /** Build context folder; defaults to the Dockerfile's folder. */
  contextPath?: string;
}
export interface BuildImageResult {
  ok: boolean;
  tag: string;
  imageId?: string;
  /** 0-based line of the instruction that failed, when it could be found. */
  failedLine?: number;
  message?: string;
}
/** Client → server; cancel it with the request's cancellation token. */
export const buildImageRequest = new RequestType<BuildImageParams, BuildImageResult, void>('layerwise/buildImage');

export interface BuildProgressParams {
  buildId: string;
  step?: number;
  totalSteps?: number;
  /** "Step 3/7 : RUN apt-get update" or a log line. */
  message: string;
}
/** Server → client while a build runs: shown in the progress notification; log lines go to the output channel. */
export const buildProgressNotification = new NotificationType<BuildProgressParams>('layerwise/buildProgress');

/** Arguments of the `layerwise.showLayerDetails` command a layer lens runs. */
export interface LayerDetails {
  line: number;
  instruction: string;
  createdBy: string;
  sizeBytes?: number;
  layerId?: string;
  created?: string;
  image: string;
}

/** Client → server: try the engine connection again now (the "Retry" lens), instead of waiting for the back-off. */
export const retryEngineNotification = new NotificationType<void>('layerwise/retryEngine');

// ---- Analyze image (issue 5): the report of where an image's bytes go ----

// The report is plain data from the analysis core: a type-only import, nothing of the server is loaded.
import type { ImageReport } from './image/types';
import { ProtocolRequestType, WorkDoneProgressParams } from 'vscode-languageserver-protocol';
export type { ImageReport };

/** `workDoneToken`: set by the client to receive work-done progress ("bytes read of total"). */
export interface AnalyzeImageParams extends WorkDoneProgressParams {
  /** Image reference or id. */
  image: string;
  /** The Dockerfile (URI) to tie layers to lines, when the image is linked to one. */
  dockerfileUri?: string;
}
export type AnalyzeImageResult = { ok: true; report: ImageReport } | { ok: false; message: string; cancelled?: boolean };
/** Client → server, with work-done progress and cancellation. Answers `ok: false` when the workspace is not trusted. */
export const analyzeImageRequest = new ProtocolRequestType<AnalyzeImageParams, AnalyzeImageResult, void, void, void>(
  'layerwise/analyzeImage',
);

// ---- Prove this fix (issue 13): build the Dockerfile as it is and with one fix, before the fix is applied ----

import type { WorkspaceEdit } from 'vscode-languageserver-protocol';

/** Arguments of the `layerwise.proveFix` command the "Prove this fix" code action runs: which fix of which finding. */
export interface ProveFixArgs {
  uri: string;
  /** The document version the action was computed for: a proof of an older text is refused. */
  version: number;
  rule: string;
  /** 0-based start of the finding's range. */
  line: number;
  character: number;
  /** Which of the finding's fixes. */
  fixIndex: number;
}
export interface ProveFixParams extends ProveFixArgs, WorkDoneProgressParams {}

/** The verdict in short, for the message and the lightbulb; `report` has the whole proof as text. */
export interface ProofVerdict {
  verdict: 'as-claimed' | 'class-violated' | 'fix-breaks-build' | 'nothing-to-fix';
  claim: 'safe' | 'changes-build';
  summary: string;
  bytesSaved?: number;
  layersSaved?: number;
  /** Paths added, removed or changed outside package caches and lists. */
  pathsChanged?: number;
  packagesRemoved?: string[];
  packagesAdded?: string[];
  /** Removals known to break things (`ca-certificates`: HTTPS fails), with why. */
  risky?: { name: string; why: string }[];
  configChanged?: string[];
  /** copy-before-deps: whether a source-only edit still reuses the install step, as measured. */
  cache?: string;
  /** `layerwise.proof.smokeCommand`: the command, and whether its output was the same in both images. */
  smoke?: { command: string; same: boolean };
  fromCache?: boolean;
}

export type ProveFixResult =
  | { ok: true; title: string; proof: ProofVerdict; report: string; edit: WorkspaceEdit }
  | { ok: false; message: string; cancelled?: boolean };

/** Client → server, with work-done progress and cancellation; only in a trusted workspace on disk. */
export const proveFixRequest = new ProtocolRequestType<ProveFixParams, ProveFixResult, void, void, void>('layerwise/proveFix');
