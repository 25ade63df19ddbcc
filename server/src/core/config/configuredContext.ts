// The rule context plus what `.hadolint.yaml` tells rules (analyzeModel fills it in). A separate type so
// rules that need configuration say so; RuleContext itself stays about the world outside the text.
import type { RuleContext } from '../rules/rule';

export interface ConfiguredRuleContext extends RuleContext {
  /** `trustedRegistries` of .hadolint.yaml: registries FROM may use. Undefined: any registry. */
  trustedRegistries?: readonly string[];
}
