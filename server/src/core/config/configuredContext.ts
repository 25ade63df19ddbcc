// The rule context plus what configuration files tell rules: `.hadolint.yaml` (analyzeModel fills it in) and
// the build context's `.dockerignore` (the caller reads it). A separate type so rules that need
// configuration say so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleContext } from '../rules/rule';
import { loadDockerignore, type DockerignoreFile } from './dockerignore';
import { buildContextFiles, type BuildContextFiles } from './buildContextFiles';

export interface ConfiguredRuleContext extends RuleContext {
  /** `trustedRegistries` of .hadolint.yaml: registries FROM may use. Undefined: any registry. */
  trustedRegistries?: readonly string[];
  /** The `.dockerignore` of the build context, when there is one and the caller read it. */
  dockerignore?: DockerignoreFile;
  /** The files of the build context, read lazily (fixes that must name manifests ask it); undefined: unknown. */
  contextFiles?: BuildContextFiles;
}

/**
 * What rules need to know about a Dockerfile on disk and its build context (its folder, as `docker build -f`
 * users usually have it). One place for the CLI and the language server.
 */
export function ruleContextFor(dockerfile: string): ConfiguredRuleContext {
  const dockerignoreExists = fs.existsSync(path.join(path.dirname(dockerfile), '.dockerignore')) || fs.existsSync(`${dockerfile}.dockerignore`);
  const dockerignore = loadDockerignore(dockerfile);
  return { dockerignoreExists, dockerignore, contextFiles: buildContextFiles(path.dirname(dockerfile), dockerignore) };
}
