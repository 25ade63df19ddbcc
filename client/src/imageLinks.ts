// Which image belongs to which Dockerfile, as the client knows it: images built by "Build image" and
// links chosen with "Link image to Dockerfile…" (both remembered per workspace), plus the
// `layerwise.images` setting. The server gets the merged picture and looks the images up.
import * as vscode from 'vscode';
import type { ImageLinksParams } from '../../common/protocol';
import { readConfig } from './config';

const LINKS_KEY = 'layerwise.imageLinks';
const TAGS_KEY = 'layerwise.lastBuildTags';

export class ImageLinks {
  constructor(private readonly state: vscode.Memento) {}

  get links(): Record<string, string> {
    return this.state.get<Record<string, string>>(LINKS_KEY, {});
  }

  /** The image linked to a Dockerfile: a build or link first, then the `layerwise.images` setting (as the server resolves it). */
  linkedTo(dockerfile: vscode.Uri): string | undefined {
    const linked = this.links[dockerfile.fsPath];
    if (linked) return linked;
    return readConfig().images[vscode.workspace.asRelativePath(dockerfile, false)];
  }

  /** Links an image to a Dockerfile, or to one stage of it (an image built with `--target`). */
  async link(dockerfile: vscode.Uri, image: string, stage?: string): Promise<void> {
    // Same key as the server's `stageLinkKey`.
    const key = stage ? `${dockerfile.fsPath}#${stage}` : dockerfile.fsPath;
    await this.state.update(LINKS_KEY, { ...this.links, [key]: image });
  }

  lastTag(dockerfile: vscode.Uri): string | undefined {
    return this.state.get<Record<string, string>>(TAGS_KEY, {})[dockerfile.fsPath];
  }

  async rememberTag(dockerfile: vscode.Uri, tag: string): Promise<void> {
    await this.state.update(TAGS_KEY, { ...this.state.get<Record<string, string>>(TAGS_KEY, {}), [dockerfile.fsPath]: tag });
  }

  params(): ImageLinksParams {
    return {
      links: this.links,
      settings: readConfig().images,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    };
  }
}

/** A suggested tag for a Dockerfile: its folder name, lower-cased as image names must be, with `:dev`. */
export function suggestTag(dockerfile: vscode.Uri): string {
  const parts = dockerfile.path.split('/');
  const folder =
    (parts[parts.length - 2] || 'app')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'app';
  return `${folder}:dev`;
}
