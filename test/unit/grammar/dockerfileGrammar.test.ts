import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scopesAt, tokenize, type Token } from './tokenize';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/grammar');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

function assertScope(lines: Token[][], line: number, needle: string, scope: string, occurrence = 1): void {
  const scopes = scopesAt(lines, line, needle, occurrence);
  assert.ok(scopes.includes(scope), `line ${line + 1} ${JSON.stringify(needle)}: expected ${scope}, got ${scopes.join(' ')}`);
}

function assertNoScope(lines: Token[][], line: number, needle: string, suffix: string): void {
  const scopes = scopesAt(lines, line, needle);
  assert.ok(
    !scopes.some((s) => s.endsWith(suffix)),
    `line ${line + 1} ${JSON.stringify(needle)}: no *${suffix} expected, got ${scopes.join(' ')}`,
  );
}

const KEYWORD = 'keyword.other.special-method.dockerfile';

describe('Dockerfile grammar', () => {
  let lines: Token[][];
  before(async () => {
    lines = await tokenize('source.dockerfile', read('features.Dockerfile'));
  });

  it('is generated from its YAML source (scripts/make-grammars.mjs --check)', () => {
    execFileSync(process.execPath, ['scripts/make-grammars.mjs', '--check'], { cwd: path.resolve(fixtures, '../../..'), stdio: 'pipe' });
  });

  it('scopes parser directives only in the leading run of directive lines', async () => {
    assertScope(lines, 0, 'syntax', 'keyword.control.directive.dockerfile');
    assertScope(lines, 0, 'docker/dockerfile:1.7', 'string.unquoted.directive-value.dockerfile');
    assertScope(lines, 1, 'check', 'keyword.control.directive.dockerfile');
    // After an instruction, and after a blank first line, the same text is a comment.
    assertScope(lines, 34, 'syntax', 'comment.line.number-sign.dockerfile');
    const late = await tokenize('source.dockerfile', read('late-directive.Dockerfile'));
    assertScope(late, 1, 'syntax', 'comment.line.number-sign.dockerfile');
    assertScope(late, 2, 'FROM', KEYWORD);
  });

  it('scopes instruction keywords case-insensitively, ONBUILD included', () => {
    for (const [line, keyword] of [
      [2, 'ARG'],
      [3, 'FROM'],
      [4, 'WORKDIR'],
      [14, 'ENV'],
      [26, 'COPY'],
      [27, 'CMD'],
      [28, 'ENTRYPOINT'],
      [30, 'HEALTHCHECK'],
      [31, 'EXPOSE'],
      [32, 'LABEL'],
      [33, 'USER'],
    ] as const) {
      assertScope(lines, line, keyword, KEYWORD);
    }
    assertScope(lines, 29, 'onbuild', 'keyword.control.onbuild.dockerfile');
    assertScope(lines, 29, 'run', KEYWORD);
  });

  it('scopes FROM image, AS and the stage name', () => {
    assertScope(lines, 3, 'golang:', 'entity.name.type.image.dockerfile');
    assertScope(lines, 3, 'GO_VERSION', 'variable.other.dockerfile');
    assertScope(lines, 3, 'AS', KEYWORD);
    assertScope(lines, 3, 'build', 'entity.name.type.stage.dockerfile');
    assertScope(lines, 35, 'as', KEYWORD);
    assertScope(lines, 35, 'final', 'entity.name.type.stage.dockerfile');
  });

  it('scopes instruction flags and the keys of --mount', () => {
    assertScope(lines, 3, 'platform', 'entity.other.attribute-name.flag.dockerfile');
    assertScope(lines, 3, 'BUILDPLATFORM', 'variable.other.dockerfile');
    assertScope(lines, 5, 'mount', 'entity.other.attribute-name.flag.dockerfile');
    assertScope(lines, 5, 'type', 'variable.parameter.option.dockerfile');
    assertScope(lines, 5, 'cache', 'string.unquoted.flag-value.dockerfile');
    assertScope(lines, 5, 'target', 'variable.parameter.option.dockerfile');
    assertScope(lines, 6, 'mount', 'entity.other.attribute-name.flag.dockerfile');
    for (const flag of ['from', 'chown', 'chmod', 'link']) assertScope(lines, 26, flag, 'entity.other.attribute-name.flag.dockerfile');
    assertScope(lines, 36, 'network', 'entity.other.attribute-name.flag.dockerfile');
    assertScope(lines, 36, 'security', 'entity.other.attribute-name.flag.dockerfile');
    assertScope(lines, 30, 'interval', 'entity.other.attribute-name.flag.dockerfile');
  });

  it('scopes variable references with their modifiers', () => {
    assertScope(lines, 14, 'PATH', 'entity.name.variable.dockerfile');
    assertScope(lines, 14, 'PATH', 'variable.other.dockerfile', 2);
    assertScope(lines, 14, ':-', 'keyword.operator.expansion.dockerfile');
    assertScope(lines, 14, 'prod', 'string.unquoted.default-value.dockerfile');
    assertScope(lines, 14, ':+', 'keyword.operator.expansion.dockerfile');
    assertScope(lines, 39, 'LEGACY', 'entity.name.variable.dockerfile');
  });

  it('highlights RUN, CMD and ENTRYPOINT shell form as shell, continuation lines included', () => {
    assertScope(lines, 7, 'go', 'entity.name.command.shell');
    assertScope(lines, 9, 'echo', 'entity.name.command.shell');
    assertScope(lines, 9, 'hello', 'string.quoted.double.shell');
    assertScope(lines, 12, 'echo', 'entity.name.command.shell');
    assertScope(lines, 13, 'done', 'keyword.control.done.shell');
    assertScope(lines, 28, 'exec', 'entity.name.command.shell');
    assertScope(lines, 30, 'curl', 'entity.name.command.shell');
    assertScope(lines, 30, 'CMD', KEYWORD);
  });

  it('keeps comments inside a continued RUN as Dockerfile comments', () => {
    assertScope(lines, 10, '#', 'comment.line.number-sign.dockerfile');
    assertScope(lines, 11, 'for', 'keyword.control.for.shell');
  });

  it('ends a RUN at its last line even when the shell grammar leaves a block open', () => {
    assertScope(lines, 38, 'fi', 'keyword.control.fi.shell');
    assertScope(lines, 39, 'ENV', KEYWORD);
    assertNoScope(lines, 39, 'ENV', '.shell');
  });

  it('scopes exec form as a JSON string array, not shell', () => {
    assertScope(lines, 27, '[', 'punctuation.definition.array.begin.dockerfile');
    assertScope(lines, 27, '/usr/local/bin/app', 'string.quoted.double.dockerfile');
    assertNoScope(lines, 27, '/usr/local/bin/app', '.shell');
  });

  it('embeds shell in RUN heredoc bodies and ends them at the delimiter line', () => {
    assertScope(lines, 15, '<<', 'keyword.operator.heredoc.dockerfile');
    assertScope(lines, 15, 'EOF', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 16, 'set', 'meta.embedded.block.shell');
    assertScope(lines, 17, 'apt-get', 'entity.name.command.shell');
    // The body leaves a double quote open; the delimiter still closes it.
    assertScope(lines, 19, 'EOF', 'keyword.control.heredoc-token.dockerfile');
    assertNoScope(lines, 19, 'EOF', '.shell');
    assertScope(lines, 20, 'RUN', KEYWORD);
  });

  it('handles <<- with tab-indented delimiters, quoted delimiters and text after the heredoc', () => {
    assertScope(lines, 20, '<<-', 'keyword.operator.heredoc.dockerfile');
    assertScope(lines, 20, 'SCRIPT', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 20, 'bash', 'entity.name.command.shell');
    assertScope(lines, 21, 'echo', 'meta.embedded.block.shell');
    assertScope(lines, 22, 'SCRIPT', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 23, 'COPY', KEYWORD);
  });

  it('embeds Python in `RUN python… <<EOF` bodies, even where a line looks like an instruction', () => {
    assertScope(lines, 40, 'python3', 'entity.name.command.shell');
    assertScope(lines, 41, 'print', 'meta.embedded.block.python');
    assertScope(lines, 42, 'from', 'meta.embedded.block.python');
    assertScope(lines, 42, 'from', 'keyword.control.import.python');
    assertNoScope(lines, 42, 'from', 'special-method.dockerfile');
    assertScope(lines, 43, 'PY', 'keyword.control.heredoc-token.dockerfile');
  });

  it('embeds shell in COPY heredocs that create a .sh file; `<<` ends only at a flush-left delimiter', () => {
    assertScope(lines, 44, 'SH', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 46, 'exec', 'meta.embedded.block.shell');
    assertScope(lines, 46, 'exec', 'entity.name.command.shell');
    assertScope(lines, 47, 'SH', 'meta.embedded.block.shell');
    assertScope(lines, 48, 'SH', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 49, 'RUN', KEYWORD);
  });

  it('finds heredocs that start on a continuation line: a script after flags, text after a command', () => {
    assertScope(lines, 56, 'network', 'entity.other.attribute-name.flag.dockerfile');
    assertScope(lines, 56, 'EOT', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 57, 'echo', 'entity.name.command.shell');
    assertScope(lines, 58, 'EOT', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 60, 'cat', 'entity.name.command.shell');
    assertScope(lines, 60, 'EOF', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 61, 'Types', 'string.unquoted.heredoc.dockerfile');
    assertScope(lines, 62, 'EOF', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 63, 'EXPOSE', KEYWORD);
  });

  it('scopes COPY heredoc bodies as file content', () => {
    assertScope(lines, 24, 'port', 'string.unquoted.heredoc.dockerfile');
    assertScope(lines, 25, 'EOF', 'keyword.control.heredoc-token.dockerfile');
    assertScope(lines, 26, 'COPY', KEYWORD);
  });

  it('continues exec-form arrays and quoted values across a line continuation', () => {
    assertScope(lines, 51, 'b', 'string.quoted.double.dockerfile');
    assertNoScope(lines, 51, 'b', '.shell');
    assertScope(lines, 51, ']', 'punctuation.definition.array.end.dockerfile');
    assertScope(lines, 53, 'line', 'string.quoted.double.dockerfile');
    assertScope(lines, 53, 'NEXT', 'entity.name.variable.dockerfile');
    assertScope(lines, 54, 'USER', KEYWORD);
  });

  it('scopes EXPOSE ports and LABEL keys', () => {
    assertScope(lines, 31, '80', 'constant.numeric.port.dockerfile');
    assertScope(lines, 31, 'tcp', 'constant.language.protocol.dockerfile');
    assertScope(lines, 32, 'org.opencontainers.image.source', 'entity.other.attribute-name.label.dockerfile');
    assertScope(lines, 32, 'https://example.com', 'string.quoted.double.dockerfile');
  });
});

describe('Dockerfile grammar with # escape=`', () => {
  it('continues instructions with backticks, and a backslash at a line end is a plain character', async () => {
    const lines = await tokenize('source.dockerfile', read('windows.Dockerfile'));
    assertScope(lines, 0, 'escape', 'keyword.control.directive.dockerfile');
    assertScope(lines, 1, 'AS', KEYWORD);
    assertScope(lines, 1, 'base', 'entity.name.type.stage.dockerfile');
    assertScope(lines, 2, '`', 'constant.character.escape.line-continuation.dockerfile');
    assertScope(lines, 3, 'Write-Host', 'meta.instruction.dockerfile');
    assertScope(lines, 4, 'Get-ChildItem', 'meta.instruction.dockerfile');
    assertScope(lines, 5, 'COPY', KEYWORD);
    assertScope(lines, 6, 'USER', KEYWORD);
  });
});

describe('.dockerignore grammar', () => {
  let lines: Token[][];
  before(async () => {
    lines = await tokenize('source.dockerignore', read('ignore.dockerignore'));
  });

  it('scopes comments, exceptions and globs', () => {
    assertScope(lines, 0, 'deps', 'comment.line.number-sign.dockerignore');
    assertScope(lines, 1, 'node_modules', 'string.unquoted.pattern.dockerignore');
    assertScope(lines, 2, '**', 'constant.character.wildcard.globstar.dockerignore');
    assertScope(lines, 2, '*', 'constant.character.wildcard.dockerignore', 3);
    assertScope(lines, 3, '!', 'keyword.control.exception.dockerignore');
    assertScope(lines, 4, '?', 'constant.character.wildcard.dockerignore');
    assertScope(lines, 4, '0-9', 'constant.character.set.dockerignore');
  });
});
