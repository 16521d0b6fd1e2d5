/**
 * Scrubs secrets out of whole texts (test output, report files) before a model, the journal or
 * the UI sees them: every known secret value, in the encodings a program is likely to print it
 * in, and then everything the shape patterns find (secrets Squad was never told about).
 */
import { applyPatterns, REDACTED, SECRET_PATTERNS, type SecretPattern } from './patterns';

export { REDACTED };

/**
 * Shorter values are not scrubbed. Real credentials are longer (provider keys are 40+ characters,
 * password rules start at 8), while short values of secret-named settings (`test`, `admin`, `1234`,
 * `true`) occur in ordinary output so often that replacing them would shred it.
 */
export const MIN_SECRET_LENGTH = 8;

export interface SecretScrubber {
  readonly scrub: (text: string) => string;
  /** How many distinct secret values it knows (not counting their encodings). */
  readonly size: number;
}

export interface ScrubberOptions {
  /** The shape patterns; the default set when absent, none with `[]`. */
  readonly patterns?: readonly SecretPattern[];
}

interface Form {
  readonly text: string;
  /** Base64 forms: redact the neighbouring base64 characters too (they carry bits of the secret). */
  readonly base64: boolean;
}

export function createSecretScrubber(values: Iterable<string | undefined>, options: ScrubberOptions = {}): SecretScrubber {
  const secrets = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    for (const v of [value, value.trim()]) if (v.length >= MIN_SECRET_LENGTH) secrets.add(v);
  }
  const forms = new Map<string, Form>();
  for (const secret of secrets) for (const form of encodedForms(secret)) if (!forms.has(form.text)) forms.set(form.text, form);
  // Longest first: a secret that contains another is replaced whole.
  const ordered = [...forms.values()].sort((a, b) => b.text.length - a.text.length);
  const patterns = options.patterns ?? SECRET_PATTERNS;
  return {
    size: secrets.size,
    scrub: (text) => applyPatterns(ordered.reduce(replaceForm, text), patterns),
  };
}

/** The value as printed raw, URL-encoded, JSON-escaped, and inside base64 (a Basic header, an encoded blob). */
export function encodedForms(value: string): Form[] {
  const plain = new Set([value, encodeURIComponent(value), encodeURIComponent(value).replaceAll('%20', '+'), JSON.stringify(value).slice(1, -1)]);
  const out: Form[] = [...plain].map((text) => ({ text, base64: false }));
  for (const core of base64Cores(value)) out.push({ text: core, base64: true });
  return out;
}

/**
 * Base64 of any text containing the value (`user:value` in a Basic header, a JSON blob) holds one
 * of three fixed substrings, one per alignment of the value against the 3-byte groups: the groups
 * made of the value's bytes only. Both alphabets (standard and URL-safe).
 */
function base64Cores(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = base64(padded);
    const start = offset === 0 ? 0 : 4;
    const end = padded.length % 3 === 0 ? encoded.length : encoded.length - 4;
    const core = encoded.slice(start, end);
    if (core.length < MIN_SECRET_LENGTH) continue;
    cores.push(core);
    const urlSafe = core.replaceAll('+', '-').replaceAll('/', '_');
    if (urlSafe !== core) cores.push(urlSafe);
  }
  return cores;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63);
    out += i + 1 < bytes.length ? ALPHABET.charAt((n >> 6) & 63) : '=';
    out += i + 2 < bytes.length ? ALPHABET.charAt(n & 63) : '=';
  }
  return out;
}

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;

function replaceForm(text: string, form: Form): string {
  let at = text.indexOf(form.text);
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    let start = at;
    let end = at + form.text.length;
    if (form.base64) {
      // Up to 3 characters either side share a group with the secret's bytes; padding follows the last.
      for (let k = 0; k < 3 && start > copied && BASE64_CHAR.test(text.charAt(start - 1)); k++) start--;
      for (let k = 0; k < 3 && end < text.length && BASE64_CHAR.test(text.charAt(end)); k++) end++;
      while (end < text.length && text[end] === '=') end++;
    }
    out += text.slice(copied, start) + REDACTED;
    copied = end;
    at = text.indexOf(form.text, end);
  }
  return out + text.slice(copied);
}
