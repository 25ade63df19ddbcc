// The shell layer on real RUN shapes: continuations with comments, heredocs, exec form, flags, SHELL.
import * as assert from 'node:assert/strict';
import { parseDockerfile, DockerfileModel } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser, shellScriptOf, ShellScript } from '../../../server/src/core/shell/index';
import type { Range } from '../../../server/src/core/types';

function scripts(text: string): { model: DockerfileModel; runs: ShellScript[] } {
  const model = parseDockerfile(text);
  return { model, runs: model.instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => shellScriptOf(model, i)) };
}

function textAt(model: DockerfileModel, range: Range): string {
  const start = model.lineStarts[range.start.line] + range.start.character;
  const end = model.lineStarts[range.end.line] + range.end.character;
  return model.text.slice(start, end);
}

describe('shell layer', () => {
  before(() => initShellParser());

  it('splits a shell-form RUN into commands with operators and original ranges across continuations', () => {
    const text =
      'FROM debian\nRUN apt-get update \\\n    # a comment inside the continuation\n\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n';
    const {
      model,
      runs: [run],
    } = scripts(text);
    assert.equal(run.kind, 'shell');
    assert.deepEqual(
      run.commands.map((c) => [c.name, c.args.map((a) => a.value), c.operatorAfter]),
      [
        ['apt-get', ['update'], '&&'],
        ['apt-get', ['install', '-y', 'curl'], '&&'],
        ['rm', ['-rf', '/var/lib/apt/lists/*'], undefined],
      ],
    );
    const curl = run.commands[1].args[2];
    assert.deepEqual(curl.range, { start: { line: 4, character: 26 }, end: { line: 4, character: 30 } });
    assert.equal(textAt(model, run.commands[2].range), 'rm -rf /var/lib/apt/lists/*');
    assert.equal(textAt(model, run.commands[0].range), 'apt-get update');
  });

  it('keeps positions right with CRLF line ends and a BOM', () => {
    const text = '\ufeffFROM debian\r\nRUN echo a \\\r\n  && echo "b c"\r\n';
    const {
      model,
      runs: [run],
    } = scripts(text);
    assert.deepEqual(
      run.commands.map((c) => c.args[0].value),
      ['a', 'b c'],
    );
    assert.equal(textAt(model, run.commands[1].args[0].range), '"b c"');
  });

  it('tracks nesting, pipes, statements and set -e / pipefail', () => {
    const {
      runs: [run],
    } = scripts('FROM a\nRUN set -euo pipefail; (cd /src && make) | tee log || true; if [ -f x ]; then pip install x; fi; echo $(date)\n');
    assert.equal(run.errexit, true);
    assert.equal(run.pipefail, true);
    const byName = (n: string) => run.commands.find((c) => c.name === n)!;
    assert.deepEqual(byName('cd').nesting, ['subshell']);
    assert.equal(byName('make').operatorAfter, undefined);
    assert.equal(byName('tee').operatorAfter, '||');
    assert.deepEqual(byName('pip').nesting, ['if']);
    assert.deepEqual(byName('date').nesting, ['substitution']);
    assert.deepEqual(
      run.commands.map((c) => c.statement),
      [0, 1, 1, 1, 1, 2, 2, 3, 3],
    );
  });

  it('reads pipefail from SHELL, inherited by a stage built FROM an earlier one', () => {
    const { runs } = scripts('FROM a AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\nFROM a\nRUN a | b\n');
    assert.equal(runs[0].pipefail, true);
    assert.deepEqual(runs[0].shell, ['/bin/bash', '-o', 'pipefail', '-c']);
    assert.equal(runs[1].pipefail, false);
  });

  it('does not shell-parse RUNs under a PowerShell SHELL', () => {
    const {
      runs: [run],
    } = scripts(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem `\n  C:\\ | Out-Null\n',
    );
    assert.equal(run.kind, 'foreign');
    assert.deepEqual(run.commands, []);
  });

  it('parses exec form as one command with JSON-decoded words', () => {
    const {
      runs: [run],
    } = scripts('FROM a\nRUN ["pip", "install", "--no-cache-dir", "a b"]\n');
    assert.equal(run.kind, 'exec');
    assert.deepEqual(
      run.commands.map((c) => [c.name, c.args.map((a) => a.value)]),
      [['pip', ['install', '--no-cache-dir', 'a b']]],
    );
  });

  it('parses RUN flags and cache mounts', () => {
    const {
      runs: [run],
    } = scripts('FROM a\nRUN --mount=type=cache,target=/root/.cache/pip/ --network=none pip install x\n');
    assert.deepEqual(
      run.flags.map((f) => [f.name, f.value]),
      [
        ['mount', 'type=cache,target=/root/.cache/pip/'],
        ['network', 'none'],
      ],
    );
    assert.deepEqual(
      run.mounts.map((m) => [m.type, m.target]),
      [['cache', '/root/.cache/pip']],
    );
    assert.equal(run.commands[0].name, 'pip');
  });

  it('uses a RUN <<EOF heredoc body as the script, and keeps heredocs fed to a command', () => {
    const {
      model,
      runs: [alone, fed, python],
    } = scripts(
      [
        'FROM a',
        'RUN <<EOF',
        'set -e',
        'apt-get update',
        'EOF',
        'RUN cat <<EOT > /etc/x && echo done',
        'line',
        'EOT',
        'RUN <<EOF',
        '#!/usr/bin/env python3',
        'print(1)',
        'EOF',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      alone.commands.map((c) => c.name),
      ['set', 'apt-get'],
    );
    assert.equal(alone.errexit, true);
    assert.equal(textAt(model, alone.commands[1].range), 'apt-get update');
    assert.deepEqual(
      fed.commands.map((c) => c.name),
      ['cat', 'echo'],
    );
    assert.equal(fed.hasHeredoc, true);
    assert.equal(python.kind, 'foreign');
  });

  it('survives an unterminated heredoc, unbalanced quotes and variables as command names', () => {
    const { runs } = scripts('FROM a\nRUN $PIP install "x\nRUN <<EOF\nnever ends\n');
    assert.equal(runs[0].hasSyntaxError, true);
    assert.equal(runs[1].kind, 'shell');
    const {
      runs: [v],
    } = scripts('FROM a\nRUN $PIP install x\n');
    assert.equal(v.commands[0].name, '$PIP');
    assert.equal(v.commands[0].nameWord.value, undefined);
  });

  it('keeps RUNs apart although they are parsed together: an unclosed quote or heredoc does not swallow the next RUN', () => {
    const { runs } = scripts(
      'FROM a\nRUN echo "unclosed\nRUN apt-get install -y curl\nRUN pip install x &&\nRUN echo last\nRUN cat <<EOF\nnever closed\n',
    );
    assert.equal(runs[0].hasSyntaxError, true);
    assert.deepEqual(
      runs[1].commands.map((c) => [c.name, c.args.map((a) => a.value)]),
      [['apt-get', ['install', '-y', 'curl']]],
    );
    assert.equal(runs[1].hasSyntaxError, false);
    assert.deepEqual(
      runs[2].commands.map((c) => c.name),
      ['pip'],
    );
    assert.deepEqual(
      runs[3].commands.map((c) => c.name),
      ['echo'],
    );
    assert.equal(runs[3].hasSyntaxError, false);
    assert.deepEqual(
      runs[4].commands.map((c) => c.name),
      ['cat'],
    );
  });

  it('parses once per model', () => {
    const model = parseDockerfile('FROM a\nRUN echo hi\n');
    const run = model.instructions[1];
    assert.equal(shellScriptOf(model, run), shellScriptOf(model, run));
  });
});
