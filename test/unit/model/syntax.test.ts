// The syntax tree on the shapes BuildKit gives meaning to, and against dockerfile-ast on the real corpus:
// both must find the same instructions with the same keywords at the same places.
import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import {
  parseSyntax,
  type Instruction,
  type From,
  type PropertyInstruction,
  type JSONInstruction,
  type Run,
  type Copy,
} from '../../../server/src/core/model/syntax/index';
import { corpusFiles } from '../../helpers/corpus';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';

const one = <T = Instruction>(text: string, index = 0): T => parseSyntax(text).instructions[index] as unknown as T;
const words = (i: Instruction) => i.getArguments().map((a) => a.getValue());

describe('syntax tree', () => {
  it('splits instructions at unescaped line breaks, skipping comment and blank lines inside continuations', () => {
    const text = 'FROM a\nRUN apt-get update \\\n    # a comment inside\n\n    && apt-get install -y x\nCMD ["x"]\n';
    const tree = parseSyntax(text);
    assert.deepEqual(
      tree.instructions.map((i) => i.getKeyword()),
      ['FROM', 'RUN', 'CMD'],
    );
    assert.deepEqual(words(tree.instructions[1]), ['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'x']);
    assert.deepEqual(tree.instructions[1].getRange(), { start: { line: 1, character: 0 }, end: { line: 4, character: 27 } });
    assert.deepEqual(
      tree.comments.map((c) => c.getContent()),
      ['a comment inside'],
    );
    assert.equal(tree.instructions[1].getArgumentsContent(), 'apt-get update     && apt-get install -y x');
  });

  it('joins a word across a continuation only when the next line starts right away', () => {
    assert.deepEqual(words(one('RUN ab\\\ncd ef\\\n  gh\n')), ['abcd', 'ef', 'gh']);
  });

  it('continues any line that ends in the escape char, as BuildKit does (even after another one)', () => {
    const tree = parseSyntax('COPY C:\\\\dir\\\\\n\nENV A=1\nRUN x\n');
    assert.deepEqual(
      tree.instructions.map((i) => i.getKeyword()),
      ['COPY', 'RUN'],
    );
  });

  it('honours `# escape=`` ` and reads CRLF and a BOM', () => {
    const tree = parseSyntax('\ufeff# escape=`\r\nFROM a\r\nRUN dir `\r\n  c:\\x\r\n');
    assert.equal(tree.escapeChar, '`');
    assert.deepEqual(
      tree.directives.map((d) => [d.getDirective(), d.getValue()]),
      [['escape', '`']],
    );
    assert.deepEqual(
      tree.instructions.map((i) => i.getKeyword()),
      ['FROM', 'RUN'],
    );
    assert.deepEqual(words(tree.instructions[1]), ['dir', 'c:\\x']);
    assert.deepEqual(tree.instructions[1].getRange().end, { line: 3, character: 6 });
  });

  it('reads flags with options, and arguments after them', () => {
    const run = one<Run>('RUN --mount=type=cache,target=/root/.cache --network=none pip install x\n');
    assert.deepEqual(
      run.getFlags().map((f) => f.toString()),
      ['--mount=type=cache,target=/root/.cache', '--network=none'],
    );
    assert.deepEqual(
      run
        .getFlags()[0]
        .getOptions()
        .map((o) => [o.getName(), o.getValue()]),
      [
        ['type', 'cache'],
        ['target', '/root/.cache'],
      ],
    );
    assert.deepEqual(words(run), ['pip', 'install', 'x']);
    const copy = one<Copy>('COPY --chown=1:1 --from=build /out /app\n');
    assert.equal(copy.getFromFlag()?.getValue(), 'build');
    assert.deepEqual(one<JSONInstruction>('CMD --help\n').getFlags(), []);
  });

  it('takes exec form only for a valid JSON array of strings', () => {
    assert.deepEqual(
      one<JSONInstruction>('CMD ["nginx", "-g", "daemon off;"]\n')
        .getJSONStrings()
        .map((s) => s.getJSONValue()),
      ['nginx', '-g', 'daemon off;'],
    );
    assert.deepEqual(
      one<JSONInstruction>('ENTRYPOINT ["a\\"b", \\\n  "c"]\n')
        .getJSONStrings()
        .map((s) => s.getJSONValue()),
      ['a"b', 'c'],
    );
    for (const shellForm of ['CMD [foo]\n', 'CMD ["a", b]\n', 'CMD [ "./x" ]clear\n', 'COPY ["a", "b"] --from=x\n', 'CMD ["a"\n']) {
      assert.deepEqual(one<JSONInstruction>(shellForm).getJSONStrings(), [], shellForm);
    }
  });

  it('reads ENV, ARG and LABEL pairs with quotes, escapes and the legacy form', () => {
    const props = (text: string) =>
      one<PropertyInstruction>(text)
        .getProperties()
        .map((p) => [p.getName(), p.getValue(), p.getAssignmentOperator()]);
    assert.deepEqual(props('ENV A="x y" B=a\\ b C=\'$D\' E=\n'), [
      ['A', 'x y', '='],
      ['B', 'a b', '='],
      ['C', '$D', '='],
      ['E', '', '='],
    ]);
    assert.deepEqual(props('ENV PATH /opt/bin:$PATH with spaces\n'), [['PATH', '/opt/bin:$PATH with spaces', null]]);
    assert.deepEqual(props('ARG A B=2\n'), [
      ['A', null, null],
      ['B', '2', '='],
    ]);
    assert.deepEqual(props('LABEL a=1 \\\n  # note\n  b="two words"\n'), [
      ['a', '1', '='],
      ['b', 'two words', '='],
    ]);
    const env = one<PropertyInstruction>('ENV KEY=value\n').getProperties()[0];
    assert.deepEqual(
      [env.getNameRange(), env.getValueRange()],
      [
        { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } },
        { start: { line: 0, character: 8 }, end: { line: 0, character: 13 } },
      ],
    );
  });

  it('finds variable references with their modifiers, not escaped or single-quoted ones', () => {
    const vars = (text: string) =>
      one(text)
        .getVariables()
        .map((v) => [v.getName(), v.getModifier()]);
    assert.deepEqual(vars("COPY ${SRC:-.} $DEST/x ${OPT+y} \\$NOT '$NOPE'\n"), [
      ['SRC', '-'],
      ['DEST', null],
      ['OPT', '+'],
    ]);
    const variable = one('WORKDIR /a/${DIR}\n').getVariables()[0];
    assert.deepEqual(variable.getNameRange(), { start: { line: 0, character: 13 }, end: { line: 0, character: 16 } });
  });

  it('splits image references like the distribution grammar, ignoring delimiters inside variables', () => {
    const parts = (text: string) => {
      const f = one<From>(text);
      return [f.getRegistry(), f.getImageName(), f.getImageTag(), f.getImageDigest(), f.getBuildStage()];
    };
    assert.deepEqual(parts('FROM debian:bookworm-slim AS base\n'), [null, 'debian', 'bookworm-slim', null, 'base']);
    assert.deepEqual(parts('FROM localhost:5000/team/app@sha256:abc\n'), ['localhost:5000', 'team/app', null, 'sha256:abc', null]);
    assert.deepEqual(parts('FROM ghcr.io/x/y:1.2@sha256:def\n'), ['ghcr.io', 'x/y', '1.2', 'sha256:def', null]);
    // Whether a variable names a registry is unknown until build time: no registry is claimed.
    assert.deepEqual(parts('FROM ${REG:-docker.io}/library/node:${TAG}\n'), [null, '${REG:-docker.io}/library/node', '${TAG}', null, null]);
    assert.deepEqual(parts('FROM --platform=$BUILDPLATFORM golang AS build\n'), [null, 'golang', null, null, 'build']);
    assert.equal(one<From>('FROM --platform=linux/amd64 x\n').getPlatformFlag()?.getValue(), 'linux/amd64');
  });

  it('reads heredoc bodies and delimiters, tab-stripped for <<-, several per instruction', () => {
    const text = 'RUN <<EOF bash\necho hi\nEOF\nCOPY <<-"A" /a <<B /b\n\tone\n\tA\ntwo\nB\nRUN after\n';
    const tree = parseSyntax(text);
    assert.deepEqual(
      tree.instructions.map((i) => i.getKeyword()),
      ['RUN', 'COPY', 'RUN'],
    );
    const [run, copy] = tree.instructions as unknown as Run[];
    const body = (r: { start: { line: number }; end: { line: number } } | null) =>
      r &&
      text
        .split('\n')
        .slice(r.start.line, r.end.line + 1)
        .join('\n');
    assert.deepEqual(
      run.getHeredocs().map((h) => [h.getName(), body(h.getContentRange()), h.getDelimiterRange()?.start.line]),
      [['EOF', 'echo hi', 2]],
    );
    assert.deepEqual(
      copy.getHeredocs().map((h) => [h.getName(), body(h.getContentRange()), h.getDelimiterRange()?.start]),
      [
        ['A', '\tone', { line: 5, character: 1 }],
        ['B', 'two', { line: 7, character: 0 }],
      ],
    );
    assert.deepEqual(
      parseSyntax('RUN <<EOF\nnever closed\n').instructions.map((i) => i.getRange().end),
      [{ line: 2, character: 0 }],
    );
  });

  it('agrees with dockerfile-ast on the corpus about where every instruction is and what it is', () => {
    const files = corpusFiles();
    assert.ok(files.length >= 190, `only ${files.length} corpus files`);
    const disagreements: string[] = [];
    for (const { name: file, text } of files) {
      const theirs = DockerfileParser.parse(text)
        .getInstructions()
        .map((i) => `${i.getInstructionRange().start.line}:${i.getKeyword()}`);
      const ours = parseSyntax(text).instructions.map((i) => `${i.getInstructionRange().start.line}:${i.getKeyword()}`);
      // One known difference: a line ending in `\\` continues in BuildKit (and here), not in dockerfile-ast.
      if (theirs.join() !== ours.join() && !/\\\\\r?\n/.test(text)) disagreements.push(file);
    }
    assert.deepEqual(disagreements, []);
  });
  it('unquotes words as the shell lexer does', () => {
    const args = (text: string) =>
      one(text, 1)
        .getArguments()
        .map((a) => a.getUnquotedValue());
    assert.deepEqual(args('FROM a\nCOPY foo bar "baz/"\n'), ['foo', 'bar', 'baz/']);
    assert.deepEqual(args("FROM a\nWORKDIR 'C:\\'\n"), ['C:\\']);
    assert.deepEqual(args('FROM a\nCOPY "a\\"b" \'$x\' c\\ d "e\n'), ['a"b', '$x', 'c d', '"e']);
  });
});

describe('ONBUILD triggers', () => {
  it('are read as the instruction they wrap, at its place in the text', () => {
    const model = parseDockerfile(
      'FROM a\nONBUILD RUN --mount=type=cache,target=/x make\nonbuild ADD "f.tgz" /x\nONBUILD FROM x\nRUN true\n',
    );
    assert.deepEqual(
      model.triggers.map((t) => [t.getKeyword(), t.getRange().start.line, t.getRange().start.character, t.onbuild?.getKeyword()]),
      [
        ['RUN', 1, 8, 'ONBUILD'],
        ['ADD', 2, 8, 'ONBUILD'],
      ],
    );
    assert.deepEqual(
      (model.triggers[0] as Run).getFlags().map((f) => f.getName()),
      ['mount'],
    );
    assert.equal(model.instructions.length, 5, 'triggers are not instructions of the stage');
  });
});

describe('a later version of a text', () => {
  const text = 'FROM a AS b\nRUN apt-get update \\\n    && apt-get install -y x\nENV A=1\nCOPY . /x\nRUN make\n';

  it('takes over the instructions before the first changed character, and reads the rest again', () => {
    const before = parseSyntax(text);
    const edited = text.replace('ENV A=1', 'ENV A=12');
    const after = parseSyntax(edited, undefined, before);
    assert.deepEqual(
      after.instructions.map((i, k) => i === before.instructions[k]),
      [true, true, false, false, false],
    );
    assert.deepEqual(after.instructions[2].getTextContent(), 'ENV A=12');
    assert.deepEqual(after.instructions[4].getRange(), parseSyntax(edited).instructions[4].getRange());
  });

  it('reads again an instruction the edit extends, though its old span ends before the edit', () => {
    // A dangling continuation: the next line, once it holds text, belongs to the RUN.
    const dangling = 'FROM a\nRUN echo \\\n\n';
    const before = parseSyntax(dangling);
    const after = parseSyntax(`${dangling}done\n`, undefined, before);
    assert.notEqual(after.instructions[1], before.instructions[1]);
    assert.deepEqual(words(after.instructions[1]), ['echo', 'done']);
  });

  it('holds on to one earlier text at most, however long it is typed into at moving places', () => {
    let tree = parseSyntax(text);
    let current = text;
    for (let k = 0; k < 30; k++) {
      // Typing moves down the file and back up, so instructions come from many versions.
      const lines = current.split('\n');
      const at = k % (lines.length - 1);
      lines[at] = `${lines[at]} `;
      current = lines.join('\n');
      tree = parseSyntax(current, undefined, tree);
      const sources = new Set(tree.instructions.map((i) => i.source));
      sources.delete(tree.source);
      assert.ok(sources.size <= 1 && [...sources].every((s) => s === tree.keptFrom), `version ${k}`);
    }
  });
});
