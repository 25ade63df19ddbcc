// The rule context plus what configuration files tell rules: `.hadolint.yaml` (analyzeModel fills it in) and
// the build context's `.dockerignore` (the caller reads it). A separate type so rules that need
// configuration say so.
import { recordedStepSeconds } from '../buildRecord/stepTiming';
import * as path from 'node:path';
import type { RuleContext } from '../rules/rule';
import type { LabelType, LintConfig } from './hadolintConfig';
import { findIgnoreFile, type DockerignoreFile } from '../context/ignoreFile';
import { buildContextFiles, type BuildContextFiles } from '../context/files';
import { invocationsOf, type InvocationLookups } from '../invocation/findInvocations';

export interface ConfiguredRuleContext extends RuleContext {
  /** `trustedRegistries` of .hadolint.yaml: registries FROM may use. Undefined: any registry. */
  trustedRegistries?: readonly string[];
  /** `label-schema` of .hadolint.yaml: the labels every stage must have, and their value types. */
  labelSchema?: Readonly<Record<string, LabelType>>;
  /** `strict-labels` of .hadolint.yaml: labels outside the schema are reported. */
  strictLabels?: boolean;
  /** The `.dockerignore` of the build context, when there is one and the caller read it. */
  dockerignore?: DockerignoreFile;
  /** The files of the build context, read lazily (fixes that must name manifests ask it); undefined: unknown. */
  contextFiles?: BuildContextFiles;
  /** Seconds the step on this 1-based line ran in the last recorded build (not when cached); undefined: unknown. */
  stepSeconds?(line: number): number | undefined;
}

/**
 * What rules need to know about a Dockerfile on disk and its build context (its folder, as `docker build -f`
 * users usually have it, built with BuildKit). One place for the CLI and the language server; `lookups`: a
 * command-line run's (findInvocations.ts).
 */
export function ruleContextFor(dockerfile: string, lookups?: InvocationLookups): ConfiguredRuleContext {
  // A Compose service or Bake target that builds this Dockerfile names its context; else the Dockerfile's folder.
  const root = invocationsOf(dockerfile, undefined, lookups)[0]?.context ?? path.dirname(dockerfile);
  const dockerignore = findIgnoreFile(root, { dockerfile, builder: 'buildkit' });
  return {
    dockerignoreExists: dockerignore !== undefined,
    dockerignore,
    contextFiles: buildContextFiles(root, dockerignore),
    stepSeconds: recordedStepSeconds(dockerfile),
  };
}

/** The settings of a `.hadolint.yaml` that rules read, for the rule context. */
export function configContext(
  config: LintConfig | undefined,
): Pick<ConfiguredRuleContext, 'trustedRegistries' | 'labelSchema' | 'strictLabels'> {
  return { trustedRegistries: config?.trustedRegistries, labelSchema: config?.labelSchema, strictLabels: config?.strictLabels };
}
