// One analysis per document version, computed on first use and shared by diagnostics, code actions,
// hovers and lenses. A newer version replaces the older entry.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile, DockerfileModel } from '../core/model/dockerfileModel';
import { analyzeModel, AnalyzeOptions } from '../core/analyze';
import type { Finding } from '../core/types';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  model: DockerfileModel;
  findings: Finding[];
}

export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();

  constructor(private readonly optionsFor: (uri: string) => AnalyzeOptions) {}

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const model = parseDockerfile(document.getText());
    const findings = analyzeModel(model, this.optionsFor(document.uri));
    const analysis = { uri: document.uri, version: document.version, model, findings };
    this.entries.set(document.uri, analysis);
    return analysis;
  }

  /** The cached analysis if it is for exactly this version, without computing one. */
  peek(uri: string, version: number): DocumentAnalysis | undefined {
    const cached = this.entries.get(uri);
    return cached?.version === version ? cached : undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Settings changed: every document must be analysed again. */
  clear(): void {
    this.entries.clear();
  }
}
