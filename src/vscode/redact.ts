/**
 * Blanks API keys out of text before it reaches the log channel or a notification. The keys the
 * extension has read are blanked exactly; anything shaped like a provider key or a bearer token is
 * blanked too, in case it came from somewhere else (a server's error message, a stack trace).
 */

const MIN_SECRET_LENGTH = 8;

export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('[redacted]');
  return out
    .replace(/\bsk-[A-Za-z0-9_\-*]{6,}/g, 'sk-[redacted]')
    .replace(/\b(Bearer)\s+[A-Za-z0-9_\-.=:+/]{6,}/gi, '$1 [redacted]')
    .replace(/\b(x-api-key|api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi, '$1$2[redacted]');
}
