// Plain data of an image analysis: what the archive reader produces and what the report is made of.
// No `vscode`, no LSP: the CLI, the language server and the webview all consume these shapes.

/** One entry of a layer tar, reduced to what the overlay needs (never its contents). */
export interface LayerEntry {
  /** Normalised: no leading `./` or `/`, no trailing `/`. Whiteout entries keep the hidden name (see kind). */
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other' | 'whiteout' | 'opaque';
  /** Content bytes stored in the tar (0 for links, directories and whiteouts). */
  size: number;
  /** Hard link target (normalised) or symlink target. */
  target?: string;
}

/** What a layer's tar held: its entries and the credential-looking files seen while streaming it. */
export interface LayerScan {
  entries: LayerEntry[];
  /** Sum of content bytes. */
  bytes: number;
  /** `values`: what the file's head holds, for redaction elsewhere in the report (never reported). */
  secretFiles: { path: string; kind: string; values: string[] }[];
}

export interface HistoryEntry {
  createdBy: string;
  created?: string;
  emptyLayer: boolean;
  comment?: string;
}

/** The image config parts the analysis uses (from `<id>.json` or the OCI config blob). */
export interface ImageConfigSummary {
  diffIds: string[];
  history: HistoryEntry[];
  env: string[];
  labels: Record<string, string>;
}

export interface ArchiveContents {
  /** Layers bottom-up, as the manifest lists them. */
  layers: LayerScan[];
  config: ImageConfigSummary;
  layout: 'docker' | 'oci';
  repoTags: string[];
}

export interface LayerReport {
  index: number;
  /** Content bytes stored in this layer. */
  sizeBytes: number;
  createdBy: string;
  created?: string;
  /** 1-based Dockerfile line, when a Dockerfile is linked and the layer matched an instruction. */
  line?: number;
  /** Bytes of files at paths no lower layer had. */
  addedBytes: number;
  /** Bytes of files that replace a file of a lower layer. */
  modifiedBytes: number;
  /** Visible bytes of lower layers this layer deleted (whiteouts and opaque directories). */
  removedBytes: number;
  /** Non-directory entries (files, links, devices), whiteouts excluded. */
  fileCount: number;
  /** Bytes stored in this layer that are not visible in the final filesystem. */
  wastedBytes: number;
  /** Bytes of lower layers this layer made invisible (deleted or overwritten). */
  hidesBytes: number;
  /** Whether the layer came with the FROM image. */
  inBase: boolean;
}

export interface FixSuggestion {
  rule: string;
  title: string;
  savesBytes: number;
}

export interface WastedFile {
  path: string;
  bytes: number;
  addedInLayer: number;
  hiddenInLayer: number;
  how: 'deleted' | 'overwritten';
  addedLine?: number;
  hiddenLine?: number;
}

/** Waste grouped by the pair of layers (writer, hider): the unit a fix works on. */
export interface WastePair {
  addedInLayer: number;
  hiddenInLayer: number;
  bytes: number;
  /** Part of `bytes` hidden by deletion (the rest was overwritten). */
  deletedBytes: number;
  files: number;
  addedLine?: number;
  hiddenLine?: number;
  fix?: FixSuggestion;
}

export interface PathSize {
  path: string;
  bytes: number;
  /** Files under a directory (directories only). */
  files?: number;
}

export interface SecretFinding {
  /** e.g. "npm auth token", "private key", "ENV value". Never the secret itself. */
  kind: string;
  where: 'file' | 'env' | 'history' | 'label';
  /** File path (where = file) or variable/label name. */
  path: string;
  /** The layer that wrote the file. */
  layer?: number;
  /** The history entry that recorded the value (where = history). */
  historyIndex?: number;
  /** For files: still visible in the final filesystem (false: deleted later, still extractable from the layer). */
  visible?: boolean;
}

export interface BaseInfo {
  layerCount: number;
  how: 'option' | 'rootfs' | 'history' | 'unknown';
  image?: string;
}

export interface ImageReport {
  image: string;
  layout: 'docker' | 'oci';
  /** Content bytes stored over all layers. */
  sizeBytes: number;
  visibleBytes: number;
  wastedBytes: number;
  /** visibleBytes / sizeBytes (1 for an empty image). */
  efficiency: number;
  fileCount: number;
  base: BaseInfo;
  aboveBase: { sizeBytes: number; wastedBytes: number; efficiency: number; baseBytesHidden: number };
  layers: LayerReport[];
  /** Largest first, at most `topN`; `wastedFileCount` has the full count. */
  wastedFiles: WastedFile[];
  wastedFileCount: number;
  wastePairs: WastePair[];
  largestFiles: PathSize[];
  largestDirectories: PathSize[];
  secrets: SecretFinding[];
  /** The Dockerfile the lines refer to, when one was linked. */
  dockerfile?: string;
}

export interface AnalyzeProgress {
  bytesRead: number;
  /** Expected archive size, when known (an estimate: the image's uncompressed size). */
  totalBytes?: number;
}

export interface AnalyzeArchiveOptions {
  onProgress?: (progress: AnalyzeProgress) => void;
  signal?: AbortSignal;
  /** Estimated archive size passed through to onProgress. */
  totalBytes?: number;
  /** Give up when the stream is silent this long (ms) while the reader waits; none by default for files. */
  idleTimeoutMs?: number;
  /** The message for that failure, naming what stalled. */
  idleMessage?: (idleMs: number) => string;
}
