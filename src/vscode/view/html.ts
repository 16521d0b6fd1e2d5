/**
 * The sidebar's HTML: one stylesheet and one script from the extension's own folders, under a
 * strict Content-Security-Policy with a fresh nonce. Nothing remote, no inline script or style
 * without the nonce. Pure, so its policy is unit-tested.
 */
export interface SidebarHtmlParts {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** Webview URIs (`asWebviewUri`) of dist/webview.js and media/sidebar.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** 32 random bytes as base64url: a nonce no page content can guess. */
export function createNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function sidebarHtml(parts: SidebarHtmlParts): string {
  const nonce = escapeAttr(parts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(parts.styleUri)}">
<title>Squad</title>
</head>
<body>
<main id="app" aria-label="Squad"></main>
<script nonce="${nonce}" src="${escapeAttr(parts.scriptUri)}"></script>
</body>
</html>`;
}
