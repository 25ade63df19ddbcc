// The engine contract Layerwise relies on, checked with dockerode alone against the real engine: a build from an
// in-memory tar context (tar-stream), then the image history — one entry per instruction, newest first, with the
// byte sizes the engine computed for each layer.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { pack } from 'tar-stream';
import { requireBaseImage, requireEngine } from '../helpers/docker';

const COPIED_BYTES = 123_457; // odd sizes, so a size taken from the wrong layer cannot match by chance
const WRITTEN_BYTES = 250_001;

function contextTar(files: Record<string, Buffer | string>): NodeJS.ReadableStream {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name, mode: 0o644 }, content);
  tar.finalize();
  // tar-stream's Pack is a streamx Readable: Node-compatible for piping, but not typed as NodeJS.ReadableStream.
  return tar as unknown as NodeJS.ReadableStream;
}

async function build(docker: Dockerode, context: NodeJS.ReadableStream, tag: string): Promise<void> {
  // forcerm: intermediate containers go even when a step fails, so a failing test leaves nothing behind.
  // networkmode none: these steps need no network, and the test then does not depend on the engine's bridge.
  const stream = await docker.buildImage(context, { t: tag, forcerm: true, nocache: true, networkmode: 'none' });
  const events = await new Promise<{ error?: string; errorDetail?: { message: string } }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => (error ? reject(error) : resolve(output as never))),
  );
  const failure = events.find((e) => e.error || e.errorDetail);
  if (failure) throw new Error(`build failed: ${failure.errorDetail?.message ?? failure.error}`);
}

describe('engine: dockerode build and history', function () {
  this.timeout(120_000);
  const tag = `layerwise-test-dockerode-${process.pid}-${Date.now()}:latest`;
  let docker: Dockerode;
  let base: string;

  before(async () => {
    docker = await requireEngine();
    base = await requireBaseImage('busybox');
  });

  after(async () => {
    await docker
      ?.getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('builds a two-instruction image from an in-memory context and reads each layer back from the history', async () => {
    const dockerfile = [
      `FROM ${base}`,
      'COPY payload.bin /data/payload.bin',
      `RUN head -c ${WRITTEN_BYTES} /dev/zero > /data/written.bin`,
      '',
    ].join('\n');
    await build(docker, contextTar({ Dockerfile: dockerfile, 'payload.bin': randomBytes(COPIED_BYTES) }), tag);

    const [history, baseHistory] = await Promise.all([docker.getImage(tag).history(), docker.getImage(base).history()]);
    type Entry = { CreatedBy: string; Size: number; Id: string };
    const ours = (history as Entry[]).slice(0, history.length - baseHistory.length);
    assert.equal(ours.length, 2, `expected 2 new history entries, got:\n${(history as Entry[]).map((h) => h.CreatedBy).join('\n')}`);

    // Newest first: the RUN, then the COPY.
    const [run, copy] = ours;
    assert.match(run.CreatedBy, new RegExp(`head -c ${WRITTEN_BYTES} /dev/zero > /data/written.bin`));
    assert.match(copy.CreatedBy, /COPY file:[0-9a-f]{64} in \/data\/payload\.bin/);
    assert.equal(copy.Size, COPIED_BYTES, 'the COPY layer holds exactly the copied file');
    assert.equal(run.Size, WRITTEN_BYTES, 'the RUN layer holds exactly the written file');
    // The base's entries are unchanged underneath ours.
    assert.deepEqual(
      (history as Entry[]).slice(ours.length).map((h) => h.Size),
      (baseHistory as Entry[]).map((h) => h.Size),
    );

    const inspect = await docker.getImage(tag).inspect();
    const baseInspect = await docker.getImage(base).inspect();
    assert.equal(inspect.RootFS.Layers?.length, (baseInspect.RootFS.Layers?.length ?? 0) + 2);
    assert.equal(inspect.Size, baseInspect.Size + COPIED_BYTES + WRITTEN_BYTES);
  });

  it('reports a failing RUN as an error in the build stream, and leaves no image or container behind', async () => {
    const failingTag = `${tag.replace(/:latest$/, '')}-failing:latest`;
    const marker = `layerwise-dockerode-${process.pid}-${Date.now()}`;
    await assert.rejects(
      build(docker, contextTar({ Dockerfile: `FROM ${base}\nRUN echo ${marker} && exit 7\n` }), failingTag),
      /returned a non-zero code: 7/,
    );
    await assert.rejects(docker.getImage(failingTag).inspect(), /no such image/i);
    const leftovers = (await docker.listContainers({ all: true })).filter((c) => c.Command.includes(marker));
    assert.deepEqual(
      leftovers.map((c) => c.Id),
      [],
      "forcerm left the failed step's container behind",
    );
  });
});
