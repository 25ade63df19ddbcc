import type { Instruction, PropertyInstruction, Variable } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import { parentStage } from '../../model/stages';
import { BUILTIN_ARGS, didYouMean, globalArgs, instructionText } from './support';
import * as l10n from '../../l10n';

// Instructions whose variables BuildKit expands itself (RUN, CMD and ENTRYPOINT are left to the shell).
const EXPANDED = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
// Set by nearly every base image: a reference to them is not a typo of a name declared here.
const COMMON_ENV = new Set(['PATH', 'HOME', 'HOSTNAME', 'LANG', 'LC_ALL', 'TERM', 'USER', 'PWD', 'SHELL', 'TZ']);

/**
 * ENV and ARG names a stage ends with, its parent stages' included: BuildKit carries both ENV and the ARGs
 * declared in a stage into the stages built `FROM` it.
 */
function envNames(model: DockerfileModel, stage: Stage, memo: Map<number, Set<string>>): Set<string> {
  const cached = memo.get(stage.index);
  if (cached) return cached;
  memo.set(stage.index, new Set()); // guards against cycles in broken files
  const parent = parentStage(model, stage);
  const names = new Set(parent ? envNames(model, parent, memo) : []);
  for (const i of stage.instructions)
    if (i.getKeyword() === 'ENV' || i.getKeyword() === 'ARG')
      for (const p of (i as PropertyInstruction).getProperties()) names.add(p.getName());
  memo.set(stage.index, names);
  return names;
}

// A typo search compares a name with every name in scope; with thousands of undefined references to thousands
// of names (generated files) that is quadratic. Past this many comparisons in one file the rule stops suggesting
// typos (global-ARG reports go on); no hand-written Dockerfile comes near it.
const TYPO_COMPARISON_BUDGET = 200_000;

// BuildKit's UndefinedVar, limited to what the file alone proves: base images bring their own ENV, so a
// name is reported only when it is a global ARG the stage did not re-declare (it expands to nothing), or a
// near-miss of a name that is declared (a typo).
export const undefinedVar: Rule = {
  meta: {
    id: 'undefined-var',
    aliases: ['UndefinedVar'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'A variable is used where it is not defined: a global ARG not re-declared in the stage, or a misspelt name.',
  },
  check(model) {
    const reports: Report[] = [];
    const globals = globalArgs(model);
    const memo = new Map<number, Set<string>>();
    let typoComparisons = 0;
    for (const stage of model.stages) {
      const parent = parentStage(model, stage);
      const defined = new Set<string>([...(parent ? envNames(model, parent, memo) : []), ...BUILTIN_ARGS]);
      // ARG/ENV names are read (getProperties() re-parses) only once a variable needs checking.
      let pending: Instruction[] = [];
      const declare = () => {
        for (const i of pending) for (const p of (i as PropertyInstruction).getProperties()) defined.add(p.getName());
        pending = [];
      };
      for (const instruction of stage.instructions.slice(1)) {
        const keyword = instruction.getKeyword();
        if (EXPANDED.has(keyword) && instructionText(model, instruction).includes('$')) {
          declare();
          for (const variable of instruction.getVariables() as Variable[]) {
            const name = variable.getName();
            if (defined.has(name) || variable.getModifier() !== null || COMMON_ENV.has(name)) continue;
            if (globals.has(name)) {
              const r = stage.from.getRange().end;
              reports.push({
                range: variable.getNameRange(),
                message: l10n.t(
                  "'{0}' is a global ARG, but this stage does not re-declare it: here it expands to an empty string. Add `ARG {0}` after the FROM.",
                  name,
                ),
                fixes: [
                  {
                    title: l10n.t('Declare ARG {0} in this stage', name),
                    safe: false,
                    edits: [{ range: { start: r, end: r }, newText: `\nARG ${name}` }],
                  },
                ],
              });
              continue;
            }
            typoComparisons += defined.size;
            if (typoComparisons > TYPO_COMPARISON_BUDGET) continue;
            const suggestion = didYouMean(name, defined);
            if (!suggestion || (BUILTIN_ARGS.has(suggestion) && !/^[A-Z]+PLATFORM|^TARGET|^BUILD/.test(name))) continue;
            reports.push({
              range: variable.getNameRange(),
              message: l10n.t("'{0}' is not defined in this stage. Did you mean '{1}'?", name, suggestion),
              fixes: [
                { title: l10n.t("Use '{0}'", suggestion), safe: false, edits: [{ range: variable.getNameRange(), newText: suggestion }] },
              ],
            });
          }
        }
        if (keyword === 'ARG' || keyword === 'ENV') pending.push(instruction);
      }
    }
    return reports;
  },
};
