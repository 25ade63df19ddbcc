// The report webview's page shell: a strict Content-Security-Policy (nothing but our own script and style,
// both by nonce), no inline handlers, no data in the markup — the report arrives by postMessage and is
// rendered with textContent/createElement only. Pure, so it is unit-tested without VS Code.
import { randomBytes } from 'node:crypto';

export interface ReportHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function reportHtml(options: ReportHtmlOptions): string {
  const nonce = options.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${options.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${nonce}" href="${attribute(options.styleUri)}">
<title>Image analysis</title>
</head>
<body>
<main id="report" aria-live="polite"><p>Waiting for the report…</p></main>
<script nonce="${nonce}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>`;
}
