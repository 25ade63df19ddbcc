// The user's smoke command, run in an image: `docker run --rm IMAGE WORDS…` (the image's entrypoint kept,
// so `--version` works for images with one), its exit code and output kept for comparison.
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';

export interface SmokeResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Splits a command line into words: whitespace separates, single and double quotes group (no expansion). */
export function splitWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let current = '';
  let last = -1;
  for (let m = pattern.exec(command); m; m = pattern.exec(command)) {
    const part = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]);
    if (last === m.index) current += part;
    else {
      if (last >= 0) words.push(current);
      current = part;
    }
    last = m.index + m[0].length;
  }
  if (last >= 0) words.push(current);
  return words;
}

export async function runSmoke(docker: Dockerode, image: string, words: readonly string[]): Promise<SmokeResult> {
  const container = await docker.createContainer({ Image: image, Cmd: [...words], Tty: false, AttachStdout: true, AttachStderr: true });
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    out.on('data', (b: Buffer) => chunks.out.push(b));
    err.on('data', (b: Buffer) => chunks.err.push(b));
    container.modem.demuxStream(stream, out, err);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
    });
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000))]);
    return { exitCode: StatusCode, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
