// The final filesystem of an image as a map path → entry (type, mode, owner, size, content hash), read by
// streaming `docker export` of a created (never started) container through core/proof's tar reader; the
// package databases' content is kept so the installed packages can be compared.
import { spawn } from 'node:child_process';
import { dropContainerFiles, readTar, type FsMap, type ReadTarOptions } from '../../server/src/core/proof/filesystem';
import { isPackageDatabase } from '../../server/src/core/proof/packages';
import { docker, dockerCli } from './dockerCli';

export { readTar, totalBytes, type FsEntry, type FsMap } from '../../server/src/core/proof/filesystem';

/** The merged filesystem of `image` (what a container of it starts with). */
export async function imageFilesystem(image: string, options: ReadTarOptions = { keepContent: isPackageDatabase }): Promise<FsMap> {
  // A dummy command: images without CMD (FROM scratch) cannot be created otherwise; it never runs.
  const created = await docker(['create', '--entrypoint', '', image, '/layerwise-never-runs']);
  if (created.code !== 0) throw new Error(`docker create ${image} failed: ${created.stderr.trim()}`);
  const id = created.stdout.trim();
  try {
    const child = spawn(dockerCli(), ['export', id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    const map = await readTar(child.stdout, options);
    if ((await exited) !== 0) throw new Error(`docker export ${image} failed: ${stderr.trim()}`);
    return dropContainerFiles(map);
  } finally {
    await docker(['rm', '--force', id]);
  }
}
