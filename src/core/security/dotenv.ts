/**
 * A small `.env` reader, enough to know the values a project keeps there: `NAME=value`,
 * `export NAME=value`, `NAME: value`, `#` comments, and '…', "…" (with \n-style escapes) and `…`
 * quotes that may span lines, as the common dotenv loaders accept. What it cannot read is skipped.
 */

export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
}

const ENTRY = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*(?:=|:\s)\s*(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

export function parseDotenv(text: string): DotenvEntry[] {
  const lines = text.split(/\r?\n/);
  const out: DotenvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ENTRY.exec(lines[i] ?? '');
    if (!m) continue;
    const name = m[1] ?? '';
    const rest = (m[2] ?? '').trimEnd();
    const quote = rest.charAt(0);
    if (QUOTES.has(quote)) {
      let body = rest.slice(1);
      let close = closingQuote(body, quote);
      let last = i;
      while (close < 0 && last + 1 < lines.length) {
        last++;
        body += `\n${lines[last] ?? ''}`;
        close = closingQuote(body, quote);
      }
      if (close >= 0) {
        const raw = body.slice(0, close);
        out.push({ name, value: quote === '"' ? unescapeDouble(raw) : raw });
        i = last;
        continue;
      }
      // Never closed: read the line as an unquoted value rather than swallow the rest of the file.
    }
    const value = rest.replace(/\s+#.*$/, '').trim();
    out.push({ name, value });
    // Some loaders end a value at any `#`; the part before it may be what the program uses.
    const hash = value.indexOf('#');
    if (hash > 0) out.push({ name, value: value.slice(0, hash).trim() });
  }
  return out;
}

function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c === '\\' && quote === '"') i++;
    else if (c === quote) return i;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
