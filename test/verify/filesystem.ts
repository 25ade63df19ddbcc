// The final filesystem of an image as a map path → entry (type, mode, owner, size, content hash), read by
// streaming `docker export` of a created (never started) container through core/proof's tar reader; the
// package databases' content is kept so the installed packages can be compared.
import { spawn } from 'node:child_process';
import { dropContainerFiles, readTar, type FsMap, type ReadTarOptions } from '../../server/src/core/proof/filesystem';
import { isPackageDatabase } from '../../server/src/core/proof/packages';
import { docker, dockerCli } from './dockerCli';
import { loadListing, storeListing } from './listingCache';

export { readTar, totalBytes, type FsEntry, type FsMap } from '../../server/src/core/proof/filesystem';

/**
 * The merged filesystem of `image` (what a container of it starts with), with the package databases' content;
 * from the listing cache when this image ID was read before (listingCache.ts says why that is sound).
 */
export async function imageFilesystem(image: string): Promise<FsMap> {
  const inspected = await docker(['image', 'inspect', '--format', '{{.Id}}', image]);
  if (inspected.code !== 0) throw new Error(`docker image inspect ${image} failed: ${inspected.stderr.trim()}`);
  const id = inspected.stdout.trim();
  const stored = loadListing(id);
  if (stored) return stored;
  const listing = await exportedFilesystem(image, { keepContent: isPackageDatabase });
  storeListing(id, listing);
  return listing;
}

/** The merged filesystem of `image`, read from `docker export` of a created container. */
export async function exportedFilesystem(image: string, options: ReadTarOptions): Promise<FsMap> {
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
