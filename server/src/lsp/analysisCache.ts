// One analysis per document version, computed on first use and shared by diagnostics, code actions,
// hovers and lenses. A newer version replaces the older entry.
// The analysis options come from the disk (.hadolint.yaml lookup upward, .dockerignore, the build context,
// Compose/Bake files): a profile of corpus typing puts those file-system calls at a sixth of a keystroke's
// analysis. A version typed within OPTIONS_REUSE_MS of the last read reuses its options; a configuration change
// the editor reports (or a settings change) clears them at once (`clear`), and other changes on disk are seen
// within that time.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile, DockerfileModel } from '../core/model/dockerfileModel';
import { analyzeModel, AnalyzeOptions } from '../core/analyze';
import type { Finding } from '../core/types';

export const OPTIONS_REUSE_MS = 1000;

export interface DocumentAnalysis {
  uri: string;
  version: number;
  model: DockerfileModel;
  findings: Finding[];
  /** The options this analysis ran with (ShellCheck's lookup takes the same configuration). */
  options: AnalyzeOptions;
}

export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();
  private readonly options = new Map<string, { options: AnalyzeOptions; readAt: number }>();

  constructor(
    private readonly optionsFor: (uri: string) => AnalyzeOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    // The previous version's instructions before the edit are taken over (parseSyntax).
    const model = parseDockerfile(document.getText(), cached?.model);
    const options = this.currentOptions(document.uri);
    const findings = analyzeModel(model, options);
    const analysis = { uri: document.uri, version: document.version, model, findings, options };
    this.entries.set(document.uri, analysis);
    return analysis;
  }

  private currentOptions(uri: string): AnalyzeOptions {
    const now = this.now();
    const kept = this.options.get(uri);
    if (kept && now - kept.readAt < OPTIONS_REUSE_MS) return kept.options;
    const options = this.optionsFor(uri);
    this.options.set(uri, { options, readAt: now });
    return options;
  }

  /** The cached analysis if it is for exactly this version, without computing one. */
  peek(uri: string, version: number): DocumentAnalysis | undefined {
    const cached = this.entries.get(uri);
    return cached?.version === version ? cached : undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.options.delete(uri);
  }

  /** Settings or configuration files changed: every document must be analysed again, its options read again. */
  clear(): void {
    this.entries.clear();
    this.options.clear();
  }
}
