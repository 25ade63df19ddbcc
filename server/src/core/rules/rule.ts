// What a rule is: its metadata and a pure function of the parsed model.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { FixProposal, Range, RuleMeta } from '../types';

/** Facts about the world outside the text that some rules need, gathered by the caller (LSP or CLI). */
export interface RuleContext {
  /** Whether a `.dockerignore` (or `<Dockerfile>.dockerignore`) exists in the build context; undefined if unknown. */
  dockerignoreExists?: boolean;
}

export interface Report {
  range: Range;
  message: string;
  fixes?: FixProposal[];
}

export interface Rule {
  meta: RuleMeta;
  check(model: DockerfileModel, context: RuleContext): Report[];
}
