/**
 * Whether a configured value (a `.env` entry, an environment variable) is a secret worth
 * scrubbing from test output. A name that says so (`*_TOKEN`, `*PASSWORD`, …) settles it; under an
 * innocent name only the value's shape counts, so configuration like `localhost`, `development`,
 * `3000` or `http://localhost:3000` is not scrubbed from every line the tests print.
 */
import { looksLikeCredential, urlPasswords } from './patterns';
import { MIN_SECRET_LENGTH } from './scrubber';

export function isSecretSetting(namedSecret: boolean, value: string): boolean {
  if (value.trim().length < MIN_SECRET_LENGTH) return false;
  return namedSecret || looksLikeSecretValue(value);
}

/**
 * A credential by its shape (a key format, a Bearer token, a private key, a URL with a password),
 * or a string that reads as random: no spaces, not a path or a plain URL, and one unbroken run of
 * letters and digits that mixes them at length (`a3f9…`, a UUID's last group) or mixes both cases
 * with digits (`Hunter2Pw`). Words joined by separators (`gpt-4o-mini-2024`, dates, versions) do not.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (looksLikeCredential(value) || urlPasswords(value).length > 0) return true;
  const v = value.trim();
  if (v.length < MIN_SECRET_LENGTH || /\s/.test(v)) return false;
  if (/^[.~]?\//.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false;
  return (v.match(/[A-Za-z0-9]+/g) ?? []).some(randomRun);
}

function randomRun(run: string): boolean {
  const digits = /\d/.test(run);
  if (!digits || !/[A-Za-z]/.test(run)) return false;
  return run.length >= 12 || (run.length >= MIN_SECRET_LENGTH && /[a-z]/.test(run) && /[A-Z]/.test(run));
}
