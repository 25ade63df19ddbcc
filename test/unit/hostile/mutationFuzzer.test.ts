// A seeded, bounded mutation fuzzer over the real Dockerfiles of test/corpus: byte flips, line duplication,
// deletion and swaps, control characters, backslashes, quotes and heredoc markers, long repeats, mixed line
// endings. Every mutant goes through the lint pipeline (our rules, then dockerfile-utils' syntax checks under
// their guard, as the CLI and server run them) and a fifth of them through the fixes. It must find:
// - no crash: no exception from parsing, any rule (an isolated rule error counts too) or the fixes;
// - no hang: every mutant is bounded in size and the fix loop in rounds, so the suite's timeout catches a loop;
// - no dropped diagnostics: a mutant that only gains a comment line keeps every finding of our rules.
// LAYERWISE_FUZZ_SEED and LAYERWISE_FUZZ_MUTANTS replay or widen a run.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { syntaxFindings } from '../../../server/src/core/config/syntaxChecks';
import { initShellParser } from '../../../server/src/core/shell/index';
import { corpusFiles } from '../../helpers/corpus';
import { seededRandom } from '../../helpers/seededRandom';

const SEED = Number(process.env.LAYERWISE_FUZZ_SEED ?? 20261207);
const MUTANTS = Number(process.env.LAYERWISE_FUZZ_MUTANTS ?? 2_000);
/** Mutants grow by repeats; past this they are cut, so each stays a bounded amount of work. */
const MAX_MUTANT_CHARS = 64_000;

const INSERTS = [
  '\\',
  '\\\n',
  '"',
  "'",
  '`',
  '$',
  '${',
  '}',
  '${X:-${Y',
  '<<EOF\n',
  '<<-EOF',
  '\nEOF\n',
  '[',
  '"]',
  '=',
  ' AS ',
  '--from=',
  '--mount=type=cache,target=',
  '#',
  '# escape=`\n',
  '&&',
  '||',
  ';',
  '|',
  '\t',
];
const CONTROLS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000b',
  '\f',
  '\r',
  '\u001b',
  '\u001b]52;c;eA==\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u200b',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\uffff',
];

type Mutation = (text: string, random: () => number) => string;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

const at = (text: string, random: () => number) => Math.floor(random() * (text.length + 1));
const lineOps =
  (f: (lines: string[], i: number, j: number) => void): Mutation =>
  (text, random) => {
    const lines = text.split('\n');
    f(lines, Math.floor(random() * lines.length), Math.floor(random() * lines.length));
    return lines.join('\n');
  };

const MUTATIONS: Record<string, Mutation> = {
  flipByte: (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + String.fromCharCode(Math.floor(random() * 256)) + text.slice(i + 1);
  },
  duplicateLine: lineOps((lines, i) => lines.splice(i, 0, lines[i])),
  deleteLine: lineOps((lines, i) => lines.splice(i, 1)),
  swapLines: lineOps((lines, i, j) => {
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }),
  insertControl: (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + pick(CONTROLS, random) + text.slice(i);
  },
  insertSyntax: (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + pick(INSERTS, random) + text.slice(i);
  },
  longRepeat: (text, random) => {
    const i = at(text, random);
    const chunk = text.slice(i, i + 1 + Math.floor(random() * 40)) || 'x';
    return text.slice(0, i) + chunk.repeat(1 + Math.floor(random() * 2_000)) + text.slice(i);
  },
  mixLineEndings: (text, random) => text.replace(/\n/g, () => pick(['\n', '\r\n', '\r', '\n'], random)),
  truncate: (text, random) => text.slice(0, at(text, random)),
};

/** A comment line inserted before line `line`: nothing a rule may report changes (no pragma, no directive). */
function withComment(text: string, random: () => number): { text: string; line: number } {
  const lines = text.split('\n');
  // After the first line, so it can never become a parser directive; not inside a heredoc body.
  const line = 1 + Math.floor(random() * Math.max(1, lines.length - 1));
  const junk = Array.from({ length: 1 + Math.floor(random() * 30) }, () =>
    pick([...CONTROLS.filter((c) => !/[\r\n\u0085\u2028]/.test(c)), 'x', ' ', '\\', '"', '$'], random),
  ).join('');
  lines.splice(line, 0, `# fuzz ${junk}`.replace(/[\r\n]/g, ''));
  return { text: lines.join('\n'), line };
}

interface Failure {
  mutant: number;
  file: string;
  what: string;
}

describe('mutation fuzzer over test/corpus', function () {
  this.timeout(300_000);
  before(() => initShellParser());

  it(`${MUTANTS} seeded mutants: no crash, no hang, no dropped diagnostics (seed ${SEED})`, () => {
    const corpus = corpusFiles();
    const random = seededRandom(SEED);
    const names = Object.keys(MUTATIONS);
    const failures: Failure[] = [];
    let thirdPartyFailures = 0;
    let commentChecks = 0;
    for (let mutant = 0; mutant < MUTANTS; mutant++) {
      const source = pick(corpus, random);
      const applied: string[] = [];
      let text = source.text;
      const fail = (what: string) => failures.push({ mutant, file: source.name, what: `${applied.join('+')}: ${what}` });
      const commentOnly = random() < 0.15 && !/<<-?\s*["']?\w/.test(text);
      let comment: { text: string; line: number } | undefined;
      if (commentOnly) {
        comment = withComment(text, random);
        text = comment.text;
        applied.push('comment');
      } else {
        for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
          const name = pick(names, random);
          applied.push(name);
          text = MUTATIONS[name](text, random).slice(0, MAX_MUTANT_CHARS);
        }
      }
      try {
        const findings = analyzeModel(parseDockerfile(text), {
          context: { dockerignoreExists: true },
          onRuleError: (rule, error) => fail(`rule ${rule} threw ${(error as Error).message}`),
        });
        if (!Array.isArray(findings)) fail('findings are not an array');
        // As the CLI and the server do: dockerfile-utils under its own guard, our findings kept whatever it does.
        const all = [...findings];
        try {
          all.unshift(...syntaxFindings(text));
        } catch {
          thirdPartyFailures++;
        }
        if (findings.some((f) => !all.includes(f))) fail('a finding was dropped');
        if (comment) {
          commentChecks++;
          const original = analyzeModel(parseDockerfile(source.text), { context: { dockerignoreExists: true } });
          const key = (rule: string, line: number) => `${rule}@${line}`;
          const after = new Set(findings.map((f) => key(f.rule, f.range.start.line)));
          for (const f of original) {
            const line = f.range.start.line >= comment.line ? f.range.start.line + 1 : f.range.start.line;
            if (!after.has(key(f.rule, line))) fail(`finding ${f.rule} at line ${f.range.start.line + 1} dropped after a comment line`);
          }
        }
        if (mutant % 5 === 0) {
          const fixed = applyFixes(text, {
            unsafe: true,
            maxRounds: 4,
            context: { dockerignoreExists: true },
            onRuleError: (rule, error) => fail(`rule ${rule} threw during fixes: ${(error as Error).message}`),
          });
          if (typeof fixed.text !== 'string') fail('fixes returned no text');
        }
      } catch (error) {
        fail(`threw ${error instanceof Error ? error.stack?.split('\n').slice(0, 3).join(' ') : String(error)}`);
      }
    }
    process.stdout.write(
      `      ${MUTANTS} mutants, ${commentChecks} comment-only checks, dockerfile-utils failed (guarded) on ${thirdPartyFailures}\n`,
    );
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures (replay with LAYERWISE_FUZZ_SEED=${SEED})`);
  });
});
