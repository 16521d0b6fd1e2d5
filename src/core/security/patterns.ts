/**
 * Secrets Squad was never told about, found by their shape: credentials in URLs and headers,
 * `token=`-style assignments, and the key formats of well-known services. Each pattern replaces
 * only the secret part, so the text around it (the URL's host, the header's name) stays readable.
 *
 * Deliberately absent: a generic "long random string" rule. Test output is full of hashes, UUIDs,
 * snapshot ids and commit SHAs; redacting them would shred what attribution and the fix prompts read.
 */

export const REDACTED = '[redacted]';

export interface SecretPattern {
  readonly name: string;
  /** Global; its match is replaced by `replace`. */
  readonly regex: RegExp;
  readonly replace: (match: string, ...groups: (string | undefined)[]) => string;
  /** Whether a value containing this alone is a credential (an environment variable holding it is dropped). */
  readonly credential: boolean;
}

const R = REDACTED;
const whole = (): string => R;

/** Words after which an `=` value is a secret: `token=`, `api_key=`, `DB_PASSWORD=`, `client_secret=`, … */
const ASSIGNED_NAME = String.raw`[A-Za-z0-9_.-]*?(?:token|key|secret|password|passwd|pwd)`;
/** The same for `name: "value"` (JSON, YAML, printed objects), where a bare `key:` is too common to count. */
const LABELLED_NAME = String.raw`[A-Za-z0-9_.-]*?(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|private[_-]?key|secret[_-]?key)`;
/** Values that are never secrets (flags, placeholders) or were already redacted. */
const NOT_A_SECRET = /^(?:(?:true|false|null|undefined|none)$|\[redacted)/i;

/** A token after "Bearer"/"Basic" outside a header counts only when it does not read like a word. */
function credentialLike(token: string): boolean {
  return /\d/.test(token) || /=$/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token.slice(1)));
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'private key block',
    // Up to the END line, or to the end of the text when the output cap cut the block.
    regex: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: (_m, kind = '') => `-----BEGIN ${kind}PRIVATE KEY-----${R}-----END ${kind}PRIVATE KEY-----`,
    credential: true,
  },
  { name: 'JWT', regex: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: whole, credential: true },
  // OpenAI (sk-, sk-proj-, …) and Anthropic (sk-ant-…); keys are random, so one digit is required.
  { name: 'OpenAI or Anthropic key', regex: /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g, replace: whole, credential: true },
  { name: 'GitHub token', regex: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, replace: whole, credential: true },
  { name: 'AWS access key id', regex: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, replace: whole, credential: true },
  { name: 'Slack token', regex: /\bxox[abpr]-[A-Za-z0-9-]{10,}/g, replace: whole, credential: true },
  { name: 'Google API key', regex: /\bAIza[0-9A-Za-z_-]{35}/g, replace: whole, credential: true },
  { name: 'Stripe key', regex: /\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}/g, replace: whole, credential: true },
  { name: 'npm token', regex: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: whole, credential: true },
  { name: 'Hugging Face token', regex: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: whole, credential: true },
  {
    name: 'Authorization header',
    regex: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)((?:bearer|basic|token|digest|apikey)\s+)?([^\s"',;]+)/gi,
    replace: (_m, head = '', scheme = '') => `${head}${scheme}${R}`,
    credential: true,
  },
  {
    name: 'Bearer or Basic credential',
    regex: /\b(bearer|basic)(\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi,
    replace: (m, scheme = '', space = '', token = '') => (credentialLike(token) ? `${scheme}${space}${R}` : m),
    credential: true,
  },
  {
    name: 'password in a URL',
    regex: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'<>]*:)([^\s@/?#"'<>]+)@/gi,
    replace: (_m, head = '') => `${head}${R}@`,
    credential: false,
  },
  {
    name: 'assigned secret',
    // `token=…` in a query string, `API_KEY=…` in a shell line, `password = "…"` in code; never `==`.
    // A bare value ends at a backslash too: in JSON-escaped text `\n` starts the next line.
    regex: new RegExp(String.raw`(?<![A-Za-z0-9])(${ASSIGNED_NAME})(\s*=(?![=>])\s*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'&;,)}\]<>=\\][^\s"'&;,)}\]<>\\]*))`, 'gi'),
    replace: (m, name = '', op = '', dq, sq, bare) => {
      const value = dq ?? sq ?? bare ?? '';
      if (value === '' || NOT_A_SECRET.test(value)) return m;
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
      return `${name}${op}${quote}${R}${quote}`;
    },
    credential: false,
  },
  {
    name: 'labelled secret',
    // `"apiKey": "…"` (JSON) and `password: '…'` (printed objects, YAML).
    regex: new RegExp(String.raw`(?<![A-Za-z0-9])(["']?${LABELLED_NAME}["']?\s*:\s*)(?:"([^"\n]*)"|'([^'\n]*)')`, 'gi'),
    replace: (m, head = '', dq, sq) => {
      const value = dq ?? sq ?? '';
      if (value === '' || NOT_A_SECRET.test(value)) return m;
      const quote = dq !== undefined ? '"' : "'";
      return `${head}${quote}${R}${quote}`;
    },
    credential: false,
  },
];

export function applyPatterns(text: string, patterns: readonly SecretPattern[] = SECRET_PATTERNS): string {
  let out = text;
  for (const p of patterns) out = out.replace(p.regex, p.replace);
  return out;
}

const CREDENTIAL_PATTERNS = SECRET_PATTERNS.filter((p) => p.credential);
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'<>]*):[^\s@/?#"'<>]*@/gi;

/** Whether the text holds a credential by shape alone: a key format, a Bearer/Basic credential, a JWT, a private key. */
export function looksLikeCredential(text: string): boolean {
  return CREDENTIAL_PATTERNS.some((p) => text.replace(p.regex, p.replace) !== text);
}

/** The text with the password of every `scheme://user:password@host` removed (`scheme://user@host`). */
export function stripUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, '$1@');
}

/** The passwords of the URLs in the text, for scrubbing them wherever else they appear. */
export function urlPasswords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'<>]*:([^\s@/?#"'<>]+)@/gi)) if (m[1]) out.push(m[1]);
  return out;
}
