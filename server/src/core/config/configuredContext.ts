// The rule context plus what configuration files tell rules: `.hadolint.yaml` (analyzeModel fills it in) and
// the build context's `.dockerignore` (the caller reads it). A separate type so rules that need
// configuration say so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleContext } from '../rules/rule';
import { loadDockerignore, type DockerignoreFile } from './dockerignore';

export interface ConfiguredRuleContext extends RuleContext {
  /** `trustedRegistries` of .hadolint.yaml: registries FROM may use. Undefined: any registry. */
  trustedRegistries?: readonly string[];
  /** The `.dockerignore` of the build context, when there is one and the caller read it. */
  dockerignore?: DockerignoreFile;
}

/**
 * What rules need to know about a Dockerfile on disk and its build context (its folder, as `docker build -f`
 * users usually have it). One place for the CLI and the language server.
 */
export function ruleContextFor(dockerfile: string): ConfiguredRuleContext {
  const dockerignoreExists = fs.existsSync(path.join(path.dirname(dockerfile), '.dockerignore')) || fs.existsSync(`${dockerfile}.dockerignore`);
  return { dockerignoreExists, dockerignore: loadDockerignore(dockerfile) };
}
