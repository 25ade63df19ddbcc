// Issue 6 part 3: every fix (size and correctness, unsafe included) over every Dockerfile of the
// corpus, as `layerwise fix --write --unsafe` applies them. The fixed text must not gain a syntax error
// (dockerfile-utils validate), must keep every --mount/--chown/--chmod/--link flag, every --from, every
// comment and every heredoc body, and fixing it again must change nothing. Prints the fixes applied per
// rule; LAYERWISE_WRITE_FIXES_DOC=1 also writes them into docs/fixes.md.
import * as assert from 'node:assert/strict';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { applyFixes } from '../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../server/src/core/shell/index';
import { writeDocSection } from '../verify/report';
import { corpusFiles } from '../helpers/corpus';

/** LSP DiagnosticSeverity.Error. */
const ERROR = 1;
const KEPT_FLAGS = ['mount', 'chown', 'chmod', 'link'];

/** Error-level diagnostics by message (positions move when fixes edit lines above them). */
function syntaxErrors(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of validate(text)) {
    if (d.severity !== ERROR) continue;
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return counts;
}

interface Facts {
  flags: Set<string>;
  fromFlags: number;
  comments: Map<string, number>;
  heredocBodies: string[];
}

function facts(text: string): Facts {
  const dockerfile = DockerfileParser.parse(text);
  const flags = new Set<string>();
  let fromFlags = 0;
  const heredocBodies: string[] = [];
  const lines = text.split(/\r?\n/);
  const slice = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    lines
      .slice(r.start.line, r.end.line + 1)
      .map((l, k, all) => (k === all.length - 1 ? l.slice(0, r.end.character) : l))
      .map((l, k) => (k === 0 ? l.slice(r.start.character) : l))
      .join('\n');
  const visit = (instruction: Instruction) => {
    const withFlags = instruction as unknown as { getFlags?: () => { getName(): string; toString(): string }[] };
    for (const flag of withFlags.getFlags?.() ?? []) {
      if (KEPT_FLAGS.includes(flag.getName())) flags.add(flag.toString());
      if (flag.getName() === 'from') fromFlags++;
    }
    const withHeredocs = instruction as unknown as {
      getHeredocs?: () => { getContentRange(): ReturnType<Instruction['getRange']> | null }[];
    };
    for (const heredoc of withHeredocs.getHeredocs?.() ?? []) {
      const range = heredoc.getContentRange();
      if (range) heredocBodies.push(slice(range));
    }
  };
  for (const instruction of dockerfile.getInstructions()) visit(instruction);
  for (const onbuild of dockerfile.getOnbuildTriggers()) visit(onbuild);
  const comments = new Map<string, number>();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) comments.set(trimmed, (comments.get(trimmed) ?? 0) + 1);
  }
  return { flags, fromFlags, comments, heredocBodies };
}

/** What the fixed text lost of the original's flags, comments and heredoc bodies. */
function losses(before: Facts, after: Facts, fixedText: string): string[] {
  const lost: string[] = [];
  for (const flag of before.flags) if (!after.flags.has(flag)) lost.push(`lost flag ${flag}`);
  if (after.fromFlags < before.fromFlags) lost.push(`lost --from flags: ${before.fromFlags} → ${after.fromFlags}`);
  for (const [comment, n] of before.comments) {
    const m = after.comments.get(comment) ?? 0;
    if (m < n) lost.push(`lost comment ${JSON.stringify(comment)} (${n} → ${m})`);
  }
  for (const body of before.heredocBodies)
    if (!fixedText.includes(body)) lost.push(`lost heredoc body ${JSON.stringify(body.slice(0, 60))}…`);
  return lost;
}

describe('corpus fix checks detect what they look for', () => {
  const original = [
    '# build stage',
    'FROM alpine AS build',
    'RUN --mount=type=cache,target=/root/.cache make',
    'COPY --chown=1:1 --link a /a',
    'RUN <<EOF',
    'echo body',
    'EOF',
    'FROM alpine',
    'COPY --from=build /a /a',
    '',
  ].join('\n');
  const lost = (edited: string) => losses(facts(original), facts(edited), edited);
  it('sees nothing lost in the unchanged text', () => assert.deepEqual(lost(original), []));
  it('sees a lost flag, --from, comment and heredoc body', () => {
    assert.deepEqual(lost(original.replace('--mount=type=cache,target=/root/.cache ', '')), [
      'lost flag --mount=type=cache,target=/root/.cache',
    ]);
    assert.deepEqual(lost(original.replace('--from=build ', '')), ['lost --from flags: 1 → 0']);
    assert.deepEqual(lost(original.replace('# build stage\n', '')), ['lost comment "# build stage" (1 → 0)']);
    assert.equal(lost(original.replace('echo body', 'echo other')).length, 1);
  });
  it('counts syntax errors by message', () => {
    assert.equal(syntaxErrors('FROM alpine\nCOPY a\n').size, 1);
    assert.equal(syntaxErrors('FROM alpine\nRUN true\n').size, 0);
  });
});

describe('fixes over the corpus (fix --write --unsafe)', function () {
  this.timeout(600_000);
  before(async () => {
    await initShellParser();
  });

  it('never adds a syntax error, never loses a flag, comment or heredoc body, and is idempotent', () => {
    const files = corpusFiles();
    assert.ok(files.length > 100, `expected the corpus to have >100 Dockerfiles, found ${files.length}`);
    const problems: string[] = [];
    const perRule = new Map<string, { fixes: number; files: number }>();
    let changed = 0;
    for (const { name, text } of files) {
      const onRuleError = (rule: string, error: unknown) => problems.push(`${name}: ${rule} threw ${(error as Error).message}`);
      const once = applyFixes(text, { unsafe: true, onRuleError, maxRounds: 20 });
      for (const [rule, n] of Object.entries(once.applied)) {
        const entry = perRule.get(rule) ?? { fixes: 0, files: 0 };
        entry.fixes += n;
        entry.files++;
        perRule.set(rule, entry);
      }
      if (once.text === text) continue;
      changed++;
      const errorsBefore = syntaxErrors(text);
      for (const [message, n] of syntaxErrors(once.text)) {
        if (n > (errorsBefore.get(message) ?? 0))
          problems.push(
            `${name}: new syntax error "${message}" (${errorsBefore.get(message) ?? 0} → ${n}); applied ${JSON.stringify(once.applied)}`,
          );
      }
      for (const loss of losses(facts(text), facts(once.text), once.text))
        problems.push(`${name}: ${loss}; applied ${JSON.stringify(once.applied)}`);
      const twice = applyFixes(once.text, { unsafe: true, onRuleError, maxRounds: 20 });
      if (twice.text !== once.text) problems.push(`${name}: not idempotent, fixing again applied ${JSON.stringify(twice.applied)}`);
    }

    const rows = [...perRule.entries()].sort((a, b) => b[1].fixes - a[1].fixes || a[0].localeCompare(b[0]));
    const table = [
      '| rule | fixes applied | files |',
      '|---|---:|---:|',
      ...rows.map(([rule, c]) => `| ${rule} | ${c.fixes} | ${c.files} |`),
    ].join('\n');
    const summary = `${files.length} corpus files, ${changed} changed by \`fix --unsafe\`, ${rows.reduce((s, [, c]) => s + c.fixes, 0)} fixes applied.`;
    console.log(`\n${table}\n${summary}\n`);
    if (process.env.LAYERWISE_WRITE_FIXES_DOC === '1') writeDocSection('corpus-fixes', `${table}\n\n${summary}`);

    assert.ok(changed > 50, `fixes changed only ${changed} files`);
    assert.deepEqual(problems, []);
  });
});
