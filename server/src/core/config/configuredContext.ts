// The rule context plus what configuration files tell rules: `.hadolint.yaml` (analyzeModel fills it in) and
// the build context's `.dockerignore` (the caller reads it). A separate type so rules that need
// configuration say so.
import type { RuleContext } from '../rules/rule';
import type { DockerignoreFile } from './dockerignore';

export interface ConfiguredRuleContext extends RuleContext {
  /** `trustedRegistries` of .hadolint.yaml: registries FROM may use. Undefined: any registry. */
  trustedRegistries?: readonly string[];
  /** The `.dockerignore` of the build context, when there is one and the caller read it. */
  dockerignore?: DockerignoreFile;
}
