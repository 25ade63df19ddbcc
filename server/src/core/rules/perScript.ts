// Rule results kept per RUN script across document versions, shared by the rules of every area.
import type { ShellScript } from '../shell/index';
import * as l10n from '../l10n';

/**
 * A rule's findings in one RUN, kept across versions under the RUN's script, for rules whose findings there are a
 * function of the script alone (and of `context`, any other fact they read, compared as a string). The shell layer
 * hands a later version the same script object only for the same RUN text, at the same line and column, with the same
 * escape char and SHELL (shell/index.ts), so the kept findings are what the rule would compute again. Their messages
 * are kept with the language they were translated to.
 */
export class PerScript<T> {
  private readonly kept = new WeakMap<ShellScript, { context: string; language: object; value: T }>();

  of(script: ShellScript, compute: (script: ShellScript) => T, context = ''): T {
    const language = l10n.language();
    const hit = this.kept.get(script);
    if (hit && hit.context === context && hit.language === language) return hit.value;
    const value = compute(script);
    this.kept.set(script, { context, language, value });
    return value;
  }
}
