// The file name an export suggests: the image reference made safe for any file system. Pure.
export function exportFileName(image: string, format: 'markdown' | 'json'): string {
  const base =
    image
      .replace(/^sha256:/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'image';
  return `${base}-analysis.${format === 'markdown' ? 'md' : 'json'}`;
}
