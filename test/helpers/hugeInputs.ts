// Generated Dockerfiles of pathological shapes, each about `bytes` long: one very long line of each instruction
// kind, many instructions, many continuation lines, a long heredoc, deeply nested variable expansions. Shared by
// the lint benchmark (1 MB each, timed) and the hostile-input tests (smaller, checked for answers, not time).

/** Repeats `unit(i)` until the text reaches `bytes`. */
function fill(bytes: number, head: string, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const part = unit(i);
    parts.push(part);
    size += part.length;
  }
  parts.push(tail);
  return parts.join('');
}

export interface HugeInput {
  name: string;
  text: string;
}

export function hugeInputs(bytes: number): HugeInput[] {
  const from = 'FROM debian:bookworm-slim\n';
  return [
    { name: 'one ENV line of self-references', text: fill(bytes, from + 'ENV A0=x', (i) => ` A${i + 1}=$A${i}`, '\n') },
    { name: 'one RUN line of && commands', text: fill(bytes, from + 'RUN true', (i) => ` && echo ${i} > /tmp/f${i % 7}`, '\n') },
    { name: 'one LABEL line of pairs', text: fill(bytes, from + 'LABEL', (i) => ` k${i}="v ${i}"`, '\n') },
    { name: 'one COPY line of sources', text: fill(bytes, from + 'COPY', (i) => ` src/f${i}.txt`, ' /dst/\n') },
    { name: 'one comment line', text: fill(bytes, from + '# ', (i) => `word${i} `, '\nRUN true\n') },
    {
      name: 'many short instructions',
      text: fill(bytes, from, (i) =>
        i % 4 === 0
          ? `RUN apt-get install -y pkg${i}\n`
          : i % 4 === 1
            ? `ENV V${i}=$V${i - 1}\n`
            : i % 4 === 2
              ? `COPY a${i} /a${i}\n`
              : `ARG A${i}=${i}\n`,
      ),
    },
    {
      name: 'many stages',
      text: fill(bytes, '', (i) => `FROM alpine:3.20 AS s${i}\nCOPY --from=s${Math.max(0, i - 1)} /a /a\nRUN echo ${i}\n`),
    },
    { name: 'one RUN of continuation lines', text: fill(bytes, from + 'RUN true \\\n', (i) => `    && echo ${i} \\\n`, '    && true\n') },
    { name: 'one long heredoc', text: fill(bytes, from + 'RUN <<EOF\n', (i) => `echo line ${i}\n`, 'EOF\n') },
    { name: 'many heredocs', text: fill(bytes, from, (i) => `RUN <<EOF${i} cat\nline ${i}\nEOF${i}\n`) },
    {
      name: 'deeply nested variable defaults',
      text: fill(bytes / 2, from + 'ENV X=', (i) => `\${V${i}:-`, '') + '}'.repeat(Math.floor(bytes / 2 / 8)) + '\n',
    },
    { name: 'many escaped quotes and backslashes', text: fill(bytes, from + 'RUN echo "', (i) => `\\"${i}\\\\'`, '"\n') },
  ];
}
