/**
 * Checks a provider base URL before any request: the SDKs only fail on the first call, with
 * "Invalid URL" and no hint of which part is wrong. Front ends name the setting or flag; this says
 * what is wrong with the value. Uses only the `URL` global (no node module).
 */

/** Scheme, optional credentials, host (a bracketed IPv6 address or a name), optional `:port`. */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i;

/** Undefined when `text` is a usable http(s) base URL; otherwise one short reason. */
export function baseUrlProblem(text: string): string | undefined {
  const value = text.trim();
  if (!/^https?:\/\//i.test(value)) return 'it must start with http:// or https://';
  const authority = AUTHORITY.exec(value);
  const host = authority?.[1] ?? '';
  const port = authority?.[2];
  if (host === '') return 'it names no host';
  if (port !== undefined && port !== '') {
    if (!/^\d+$/.test(port)) return `the port "${port}" is not a number`;
    const n = Number(port);
    if (n < 1 || n > 65535) return `the port ${port} is out of range (1-65535)`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not a valid URL';
  }
  // The SDKs append their paths (`/chat/completions`, `/v1/messages`) to the base URL as text.
  if (url.search !== '' || url.hash !== '') return 'it must not have a query (?) or fragment (#)';
  return undefined;
}
