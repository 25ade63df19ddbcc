// What Open VSX checks when `ovsx publish layerwise.vsix` uploads the package, checked offline on the .vsix itself
// (ovsx is not a dependency, and publishing needs the network). The registry reads the identity, texts, links
// and branding from extension.vsixmanifest and the engines and license from extension/package.json, and
// rejects names, versions and fields its validator refuses (eclipse/openvsx: ExtensionValidator,
// ExtensionProcessor; ovsx: check-license, validateManifest). Reading the zip uses Info-ZIP's `unzip`.
import { execFileSync } from 'node:child_process';

const NAME = /^[\w\-+$~]+$/;
const VERSION = /^\d+\.\d+\.\d+(-[\w.]+)?$/;
// Characters Open VSX refuses in text fields: control, format, private use, line and paragraph separators.
const BAD_CHARACTERS = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
const FIELD_LIMIT = 255;
const DESCRIPTION_LIMIT = 2048;

function unzip(vsix: string, args: string[]): Buffer {
  try {
    return execFileSync('unzip', [...args], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`Could not read ${vsix} with unzip (apt-get install unzip): ${(error as Error).message}`);
  }
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function isUrl(value: string): boolean {
  try {
    return new URL(value.replace(/^git\+/, '')).host !== '';
  } catch {
    return false;
  }
}

interface PackageManifest {
  name?: string;
  publisher?: string;
  version?: string;
  license?: string;
  engines?: Record<string, string>;
  enabledApiProposals?: string[];
  icon?: string;
}

/** Every reason Open VSX would refuse or mis-show this package; empty when it would accept it. */
export function openVsxIssues(vsix: string): string[] {
  const files = new Set(
    unzip(vsix, ['-Z1', vsix])
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const issues: string[] = [];
  for (const required of ['extension.vsixmanifest', 'extension/package.json']) if (!files.has(required)) issues.push(`no ${required}`);
  if (issues.length) return issues;
  const xml = unzip(vsix, ['-p', vsix, 'extension.vsixmanifest']).toString('utf8');
  const manifest = JSON.parse(unzip(vsix, ['-p', vsix, 'extension/package.json']).toString('utf8')) as PackageManifest;

  const identity = /<Identity\b([^>]*)\/>/.exec(xml)?.[1] ?? '';
  const attribute = (name: string) => xmlText(new RegExp(`\\b${name}="([^"]*)"`).exec(identity)?.[1] ?? '');
  const element = (name: string) => xmlText(new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '');
  const property = (id: string) => xmlText(new RegExp(`<Property Id="${id.replace(/\./g, '\\.')}" Value="([^"]*)"`).exec(xml)?.[1] ?? '');
  const asset = (type: string) => new RegExp(`<Asset Type="${type.replace(/\./g, '\\.')}" Path="([^"]+)"`).exec(xml)?.[1];

  // Identity: the namespace (publisher), the name and the version, as the registry's URLs use them.
  if (!NAME.test(attribute('Publisher'))) issues.push(`publisher "${attribute('Publisher')}" is not a valid namespace name`);
  if (!NAME.test(attribute('Id'))) issues.push(`name "${attribute('Id')}" is not a valid extension name`);
  if (!VERSION.test(attribute('Version'))) issues.push(`version "${attribute('Version')}" is not semantic`);
  if (manifest.publisher !== attribute('Publisher') || manifest.name !== attribute('Id'))
    issues.push('package.json and extension.vsixmanifest disagree on publisher or name');

  // Texts shown on the registry's page: resolved (no %key% left), within the limits, no control characters.
  const texts: [string, string, number][] = [
    ['displayName', element('DisplayName'), FIELD_LIMIT],
    ['description', element('Description'), DESCRIPTION_LIMIT],
    ...element('Categories')
      .split(',')
      .map((c): [string, string, number] => ['categories', c, FIELD_LIMIT]),
    ...element('Tags')
      .split(',')
      .map((t): [string, string, number] => ['keywords', t, FIELD_LIMIT]),
  ];
  for (const [field, value, limit] of texts) {
    if (!value.trim()) issues.push(`${field} is empty`);
    if (/^%[\w.-]+%$/.test(value)) issues.push(`${field} is the unresolved placeholder ${value}`);
    if (value.length > limit) issues.push(`${field} is longer than ${limit} characters`);
    if (BAD_CHARACTERS.test(value)) issues.push(`${field} holds a control or format character`);
  }

  // Links (repository, bugs, homepage) must be URLs; the banner colour and theme must be what the registry takes.
  for (const [field, id] of [
    ['repository', 'Microsoft.VisualStudio.Services.Links.Source'],
    ['bugs', 'Microsoft.VisualStudio.Services.Links.Support'],
    ['homepage', 'Microsoft.VisualStudio.Services.Links.Learn'],
  ]) {
    if (!isUrl(property(id))) issues.push(`${field} is not a URL: "${property(id)}"`);
  }
  if (property('Microsoft.VisualStudio.Services.Branding.Color').length > 16)
    issues.push('galleryBanner.color is longer than 16 characters');
  if (!['', 'dark', 'light'].includes(property('Microsoft.VisualStudio.Services.Branding.Theme')))
    issues.push('galleryBanner.theme is neither dark nor light');

  // What editors need to install it: an engine range, no proposed APIs (only allowed in development).
  if (!manifest.engines?.vscode) issues.push('package.json has no engines.vscode');
  if (manifest.enabledApiProposals?.length || property('Microsoft.VisualStudio.Code.EnabledApiProposals'))
    issues.push('the package enables proposed APIs');

  // open-vsx.org accepts licensed content only: a license file in the package and the license field.
  const license = asset('Microsoft.VisualStudio.Services.Content.License');
  if (!license || !files.has(license)) issues.push('no license file in the package');
  if (!manifest.license) issues.push('package.json has no license');
  // The icon the registry lists the extension with, a PNG inside the package.
  const icon = asset('Microsoft.VisualStudio.Services.Icons.Default');
  if (!icon || !files.has(icon)) issues.push('no icon in the package');
  else if (
    !unzip(vsix, ['-p', vsix, icon])
      .subarray(0, 8)
      .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    issues.push(`${icon} is not a PNG`);
  // The page's text: the README as the details asset.
  const readme = asset('Microsoft.VisualStudio.Services.Content.Details');
  if (!readme || !files.has(readme)) issues.push('no README in the package');
  return issues;
}
