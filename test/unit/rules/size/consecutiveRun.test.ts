import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseDockerfile } from '../../../../server/src/core/model/dockerfileModel';
import { applyFixes } from '../../../../server/src/core/fix/applyFixes';
import { runBodyText } from '../../../../server/src/core/shell/index';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

const merge = (text: string) => applyFixes(text, { onlyRules: ['consecutive-run'], pragmas: false, maxRounds: 20 });

/** Whether /bin/sh -c fails on each RUN body of a Dockerfile, in order (as a build runs them, stopping at the first). */
function buildFails(text: string): boolean {
  const model = parseDockerfile(text);
  return model.instructions.filter((i) => i.getKeyword() === 'RUN').some((run) => bodyFails(runBodyText(model, run)));
}

const outcomes = new Map<string, boolean>();
function bodyFails(body: string): boolean {
  let fails = outcomes.get(body);
  if (fails === undefined) {
    const result = spawnSync('/bin/sh', ['-c', body], { cwd: '/', encoding: 'utf8' });
    assert.equal(result.error, undefined, String(result.error));
    fails = result.status !== 0;
    outcomes.set(body, fails);
  }
  return fails;
}

describe('consecutive-run', () => {
  before(() => initShellParser());

  sizeFixtureTests('consecutive-run');

  it('never merges RUNs with different flags, heredocs or exec form', () => {
    const text = 'FROM a\nRUN --network=none make\nRUN make install\nRUN <<EOF\necho hi\nEOF\nRUN echo after\nRUN ["echo", "exec"]\n';
    const found = sizeFindings('consecutive-run', text);
    assert.deepEqual(
      found.map((f) => f.range.start.line + 1),
      [4, 7, 8],
    );
    assert.deepEqual(
      found.flatMap((f) => f.fixes),
      [],
    );
  });

  it('wraps a second body with a top-level `||` or `;` in a subshell, so the merged RUN still fails', () => {
    assert.equal(merge('FROM a\nRUN false\nRUN rm -rf /tmp/x || true\n').text, 'FROM a\nRUN false && \\\n    ( rm -rf /tmp/x || true )\n');
    assert.equal(merge('FROM a\nRUN false\nRUN set -ex; rm -f /tmp/y\n').text, 'FROM a\nRUN false && \\\n    ( set -ex; rm -f /tmp/y )\n');
    assert.equal(merge('FROM a\nRUN make\nRUN serve &\n').text, 'FROM a\nRUN make && \\\n    ( serve & )\n');
    assert.equal(
      merge('FROM a\nRUN make \\\n    && make check\nRUN if [ -f x ]; then rm x; fi\n').text,
      'FROM a\nRUN make \\\n    && make check \\\n    && ( if [ -f x ]; then rm x; fi )\n',
      'leading && style, compound command',
    );
  });

  it('leaves a plain && chain (pipelines and command substitutions included) unwrapped', () => {
    assert.equal(merge('FROM a\nRUN a\nRUN b && c | d\n').text, 'FROM a\nRUN a && \\\n    b && c | d\n');
    assert.equal(merge('FROM a\nRUN a\nRUN test "$(pwd)" = / && b\n').text, 'FROM a\nRUN a && \\\n    test "$(pwd)" = / && b\n');
  });

  it("keeps the second body's cd, variables and set inside its subshell when a third RUN follows", () => {
    assert.equal(
      merge('FROM a\nRUN a\nRUN set -x; cd /tmp\nRUN pwd\n').text,
      'FROM a\nRUN a && \\\n    ( set -x; cd /tmp ) && \\\n    pwd\n',
    );
    assert.equal(merge('FROM a\nRUN a\nRUN x=1 && test $x\nRUN b\n').text, 'FROM a\nRUN a && \\\n    ( x=1 && test $x ) && \\\n    b\n');
  });

  it('appends nothing after a subshell or group that relies on set -e (POSIX ignores -e left of &&)', () => {
    assert.equal(
      merge('FROM a\nRUN a\nRUN set -e; false; true\nRUN b\n').text,
      'FROM a\nRUN a && \\\n    ( set -e; false; true )\nRUN b\n',
    );
    assert.deepEqual(
      sizeFindings('consecutive-run', 'FROM a\nSHELL ["/bin/sh", "-ec"]\nRUN { false; true; }\nRUN b\n').flatMap((f) => f.fixes),
      [],
    );
  });

  it('refuses when the first body sets shell state the second would run under, or a comment would swallow it', () => {
    for (const text of [
      'FROM a\nRUN if true; then cd /tmp; fi\nRUN pwd\n',
      'FROM a\nRUN { X=1; }\nRUN echo $X\n',
      'FROM a\nRUN for d in a b; do export D=$d; done\nRUN env\n',
      'FROM a\nRUN f() { cd /; }; f\nRUN pwd\n',
      'FROM a\nRUN test -f x || exit 0\nRUN make\n',
      'FROM a\nRUN a\nRUN b; c # note\n',
      'FROM a\nRUN a; b # note\nRUN c\n',
    ])
      assert.deepEqual(
        sizeFindings('consecutive-run', text).flatMap((f) => f.fixes),
        [],
        text,
      );
    assert.equal(sizeFindings('consecutive-run', 'FROM a\nRUN (cd /tmp && make)\nRUN pwd\n')[0].fixes.length, 1, 'a subshell keeps its cd');
  });

  it('merged RUNs fail exactly when the separate RUNs did (run by /bin/sh)', function () {
    this.timeout(300_000); // ~150 shells on a shared machine
    const firsts = ['true', 'false', 'true || false', 'false; true', 'true; false', 'false | true', '(cd / && false)', 'set -e; true'];
    const seconds = [
      'true',
      'false',
      'rm -rf /nonexistent-layerwise-x || true',
      'false || true',
      'false; true',
      'true; false',
      'set -e; false; true',
      'set -ex; rm -f /nonexistent-layerwise-y',
      'if false; then true; fi',
      'cd / && false',
      'exit 3',
      'x=1; test -z "$x"',
      'true && false | true',
      '! true',
      'test "$(false; echo x)" = x && true',
      'echo "$(exit 1)"',
    ];
    let merged = 0;
    for (const first of firsts) {
      for (const second of seconds) {
        const text = `FROM a\nRUN ${first}\nRUN ${second}\nRUN test "$(pwd)" = / && test -z "$x"\n`;
        const fixed = merge(text);
        if (fixed.text === text) continue;
        merged++;
        assert.equal(buildFails(fixed.text), buildFails(text), `${JSON.stringify(text)} →\n${fixed.text}`);
      }
    }
    assert.ok(merged >= firsts.length * seconds.length - seconds.length * 2, `only ${merged} merges`);
  });

  it('is a hint', () => {
    assert.equal(rulesById.get('consecutive-run')!.meta.severity, 'hint');
  });
});
