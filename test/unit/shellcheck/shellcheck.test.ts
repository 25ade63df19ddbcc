// ShellCheck inside RUN with the real binary: each SC finding at its exact place in the Dockerfile (through
// continuations, dropped comment lines, heredocs, tabs and astral characters), the shell and names in scope as
// hadolint gives them, suppressions, and results kept per RUN text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { Shellcheck } from '../../../server/src/core/shellcheck/index';
import { parseHadolintConfig } from '../../../server/src/core/config/hadolintConfig';
import type { Finding } from '../../../server/src/core/types';
import { requireShellcheck } from '../../helpers/shellcheck';

/** Where `token` is in the text: its nth occurrence's line and UTF-16 column, as the editor counts them. */
function place(text: string, token: string, nth = 1): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(token, at + 1);
  assert.ok(at >= 0, `${token} not in the text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.rule === code);
}

describe('ShellCheck inside RUN (real shellcheck binary)', function () {
  this.timeout(60_000);
  before(function () {
    requireShellcheck(this);
  });
  const lint = (text: string, options = {}) => new Shellcheck().findings(parseDockerfile(text), options);

  it('places a finding on a continuation line at its exact column', async () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n    && echo $missing_var\n';
    const [finding] = only(await lint(text), 'SC2154');
    assert.ok(finding);
    assert.deepEqual(finding.range.start, place(text, '$missing_var'));
    assert.deepEqual(finding.range.end, { line: 2, character: place(text, '$missing_var').character + '$missing_var'.length });
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /missing_var is referenced but not assigned/);
  });

  it('skips comment lines inside a continuation, as Docker drops them', async () => {
    const text = 'FROM debian:12\nRUN echo start \\\n# a comment the shell never sees: $not_this\n  && echo $after_comment\n';
    const findings = only(await lint(text), 'SC2154');
    assert.deepEqual(
      findings.map((f) => f.range.start),
      [place(text, '$after_comment')],
    );
  });

  it('counts tabs as one column and astral characters as two UTF-16 units', async () => {
    const text = 'FROM debian:12\nRUN echo "😀😀" \\\n\t&& echo "😀" $tabbed\n';
    const [finding] = only(await lint(text), 'SC2154');
    assert.deepEqual(finding.range.start, place(text, '$tabbed'));
  });

  it('places findings inside a RUN <<EOF heredoc script on the heredoc line', async () => {
    const text = 'FROM debian:12\nRUN <<EOF\nset -e\necho one\necho $in_heredoc\nEOF\n';
    const [finding] = only(await lint(text), 'SC2154');
    assert.deepEqual(finding.range.start, place(text, '$in_heredoc'));
  });

  it('places findings in the body of `RUN cmd <<EOF` too', async () => {
    const text = 'FROM debian:12\nRUN cat <<EOF > /etc/motd && echo $after\nhello $in_body\nEOF\n';
    const starts = only(await lint(text), 'SC2154').map((f) => f.range.start);
    assert.deepEqual(starts, [place(text, '$after'), place(text, '$in_body')]);
  });

  it('checks as the stage shell: [[ ]] is reported under /bin/sh, not under SHELL bash or a bash shebang', async () => {
    const test = 'RUN [[ -n "$HOME" ]] && echo ok\n';
    const sh = await lint(`FROM debian:12\n${test}`);
    assert.ok(
      sh.some((f) => f.rule === 'SC3010'),
      JSON.stringify(sh),
    );
    const bash = await lint(`FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${test}`);
    assert.deepEqual(bash, []);
    const inherited = await lint(`FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\n${test}`);
    assert.deepEqual(inherited, []);
    const shebang = await lint('FROM debian:12\nRUN <<EOF\n#!/bin/bash\n[[ -n "$HOME" ]] && echo $bash_var\nEOF\n');
    assert.deepEqual(
      shebang.map((f) => f.rule),
      ['SC2154', 'SC2086'],
    );
  });

  it('declares the ARG and ENV names in scope, ENV inherited from a parent stage, ARG not', async () => {
    const text = [
      'FROM debian:12 AS base',
      'ARG base_arg',
      'ENV base_env=1',
      'RUN echo "$base_arg $base_env $later"',
      'ARG later',
      'FROM base',
      'ARG own',
      'RUN echo "$base_env $own $base_arg"',
      '',
    ].join('\n');
    // Lower-case names: ShellCheck assumes upper-case ones come from the environment.
    const unassigned = only(await lint(text), 'SC2154').map((f) => f.message.split(' ')[0]);
    assert.deepEqual(unassigned, ['later', 'base_arg']);
  });

  it('leaves out exec form, PowerShell and cmd, non-shell heredocs and hadolint exclusions (SC2187, SC1091)', async () => {
    const text = [
      'FROM debian:12',
      'RUN ["sh", "-c", "echo $exec_form"]',
      'RUN <<EOF',
      '#!/usr/bin/env python3',
      'print("$not_shell")',
      'EOF',
      'SHELL ["/bin/ash", "-c"]',
      'RUN . /etc/profile.d/x.sh && echo "ash"',
      'SHELL ["pwsh", "-Command"]',
      'RUN Write-Host $pwsh_var',
      'SHELL ["cmd", "/S", "/C"]',
      'RUN echo %cmd_var% $cmd_dollar',
      '',
    ].join('\n');
    assert.deepEqual(await lint(text), []);
  });

  it('honours ignored, override, pragmas and settings by SC code', async () => {
    const text = 'FROM debian:12\nRUN echo $a\n# hadolint ignore=SC2154\nRUN echo $b\n';
    const all = await lint(text);
    assert.deepEqual(
      all.map((f) => `${f.rule}@${f.range.start.line}`),
      ['SC2154@1', 'SC2086@1', 'SC2086@3'],
    );
    const { config } = parseHadolintConfig('ignored: [SC2086]\noverride:\n  error: [SC2154]\n');
    const configured = await lint(text, { config });
    assert.deepEqual(
      configured.map((f) => `${f.rule}@${f.range.start.line}:${f.severity}`),
      ['SC2154@1:error'],
    );
    assert.deepEqual(await lint(text, { severities: { shellcheck: 'off' } }), []);
    assert.deepEqual(
      (await lint(text, { severities: { SC2086: 'hint', SC2154: 'off' } })).map((f) => f.severity),
      ['hint', 'hint'],
    );
    const global = await lint(`# hadolint global ignore=SC2086\n${text}`);
    assert.deepEqual(
      global.map((f) => f.rule),
      ['SC2154'],
    );
    assert.equal((await lint(text, { usePragmas: false })).length, 4);
  });

  it('keeps results per RUN text: a moved RUN needs no new run and its findings move with it', async () => {
    const shellcheck = new Shellcheck();
    const text = 'FROM debian:12\nRUN echo $moved\n';
    const first = await shellcheck.findings(parseDockerfile(text));
    const moved = parseDockerfile(`FROM debian:12\nLABEL a=b\n\n${text.slice('FROM debian:12\n'.length)}`);
    const kept = shellcheck.cachedFindings(moved, {});
    assert.equal(kept.pending.length, 0);
    assert.deepEqual(
      kept.findings.map((f) => f.range.start.line),
      first.map((f) => f.range.start.line + 2),
    );
    // A new name in scope changes what ShellCheck reads: that RUN is checked again.
    assert.equal(shellcheck.cachedFindings(parseDockerfile('FROM debian:12\nARG moved\nRUN echo $moved\n'), {}).pending.length, 1);
  });

  it('runs a ShellCheck too old for --norc (before 0.8) without it', async function () {
    if (process.platform === 'win32') this.skip();
    // The real binary behind a wrapper that answers --norc as ShellCheck 0.7 does.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-old-shellcheck-'));
    try {
      const wrapper = path.join(dir, 'shellcheck-0.7');
      fs.writeFileSync(
        wrapper,
        '#!/bin/sh\nif [ "$1" = --norc ]; then echo "unrecognized option \\`--norc\'" >&2; exit 4; fi\nexec shellcheck "$@"\n',
        { mode: 0o755 },
      );
      const notes: string[] = [];
      const found = await new Shellcheck(wrapper, (n) => notes.push(n)).findings(parseDockerfile('FROM debian:12\nRUN echo $old\n'));
      assert.deepEqual(
        found.map((f) => f.rule),
        ['SC2154', 'SC2086'],
      );
      assert.deepEqual(notes, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs ShellCheck at the niceness it is given, and at the normal one without', async function () {
    if (process.platform === 'win32') this.skip();
    // The real binary behind a wrapper that writes down its niceness once the check is done (by then the
    // priority was lowered: that happens right after the start).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-nice-shellcheck-'));
    try {
      const wrapper = path.join(dir, 'shellcheck');
      const record = path.join(dir, 'niceness');
      fs.writeFileSync(wrapper, `#!/bin/sh\nshellcheck "$@"\nstatus=$?\nnice >> '${record}'\nexit $status\n`, { mode: 0o755 });
      const text = 'FROM debian:12\nRUN echo $low\n';
      const background = await new Shellcheck(wrapper, () => {}, { niceness: 10 }).findings(parseDockerfile(text));
      const normal = await new Shellcheck(wrapper).findings(parseDockerfile(text));
      assert.deepEqual(
        background.map((f) => f.rule),
        ['SC2154', 'SC2086'],
      );
      assert.deepEqual(background, normal);
      const base = os.getPriority();
      assert.deepEqual(fs.readFileSync(record, 'utf8').trim().split('\n').map(Number), [Math.max(base, 10), base]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without the binary: no findings, no error, one note', async () => {
    const notes: string[] = [];
    const shellcheck = new Shellcheck('/nonexistent/shellcheck', (note) => notes.push(note));
    assert.deepEqual(await shellcheck.findings(parseDockerfile('FROM debian:12\nRUN echo $x\nRUN echo $y\n')), []);
    assert.deepEqual(await shellcheck.findings(parseDockerfile('FROM debian:12\nRUN echo $z\n')), []);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /not found/);
    assert.ok(shellcheck.unavailable);
  });
});

describe('docs/rules/shellcheck.md (real shellcheck binary)', function () {
  this.timeout(60_000);
  before(function () {
    requireShellcheck(this);
  });

  it('its Bad example has the findings it names at the place it names, its Good example none', async () => {
    const markdown = fs.readFileSync(path.resolve(__dirname, '../../../../docs/rules/shellcheck.md'), 'utf8');
    const block = (section: string) => new RegExp(`## ${section}\\n\\n\`\`\`dockerfile\\n([\\s\\S]*?)\\n\`\`\``).exec(markdown)![1] + '\n';
    const bad = block('Bad');
    const found = await new Shellcheck().findings(parseDockerfile(bad));
    assert.deepEqual(
      found.map((f) => [f.rule, f.range.start]),
      [
        ['SC2154', place(bad, '$prefix')],
        ['SC2086', place(bad, '$prefix')],
      ],
    );
    assert.deepEqual(await new Shellcheck().findings(parseDockerfile(block('Good'))), []);
  });
});
