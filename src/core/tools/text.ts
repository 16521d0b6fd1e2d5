/**
 * Bytes ⇄ text for workspace files. A file read as text must be written back in its own
 * encoding, BOM included, so that accepting an edit changes only the edited lines.
 *
 * Encodings: UTF-8 (the default for new files), UTF-16 LE/BE when a BOM says so, and for any
 * other non-UTF-8 bytes `latin1`, decoded as windows-1252 the way the WHATWG "latin1" label does
 * (smart quotes and € show as themselves). Its 256 byte values map to 256 distinct characters,
 * so decoding then encoding gives back the same bytes.
 */

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be' | 'latin1';

export type DecodedText =
  | { readonly binary?: undefined; readonly text: string; readonly encoding: TextEncodingName; readonly hadBom: boolean }
  | { readonly binary: true };

/** How much of a file the binary sniffing looks at. */
const SNIFF_BYTES = 8192;
/** Share of control characters above which a file without NULs still counts as binary. */
const MAX_CONTROL_RATIO = 0.1;

export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeUnicode(bytes.subarray(3), 'utf8', true);
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUnicode(bytes.subarray(2), 'utf16le', true);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUnicode(bytes.subarray(2), 'utf16be', true);
  if (looksBinary(bytes)) return { binary: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8', hadBom: false };
  } catch {
    return { text: decodeLatin1(bytes), encoding: 'latin1', hadBom: false };
  }
}

export function encodeText(text: string, encoding: TextEncodingName, hadBom: boolean): Uint8Array {
  switch (encoding) {
    case 'utf8': {
      const body = new TextEncoder().encode(text);
      return hadBom ? concat([0xef, 0xbb, 0xbf], body) : body;
    }
    case 'utf16le':
    case 'utf16be': {
      const out = new Uint8Array((hadBom ? 2 : 0) + text.length * 2);
      const le = encoding === 'utf16le';
      let at = 0;
      if (hadBom) out.set(le ? [0xff, 0xfe] : [0xfe, 0xff], (at += 2) - 2);
      for (let i = 0; i < text.length; i++, at += 2) {
        const unit = text.charCodeAt(i);
        out[le ? at : at + 1] = unit & 0xff;
        out[le ? at + 1 : at] = unit >> 8;
      }
      return out;
    }
    case 'latin1':
      return encodeLatin1(text);
  }
}

/**
 * Characters of `text` that `encoding` cannot represent (only latin1 has any), at most `limit`
 * distinct ones; check before `encodeText` to refuse an edit instead of corrupting the file.
 */
export function unencodableChars(text: string, encoding: TextEncodingName, limit = 5): string[] {
  if (encoding !== 'latin1') return [];
  const found = new Set<string>();
  for (const ch of text) {
    if (latin1Byte(ch.codePointAt(0) as number) === undefined) found.add(ch);
    if (found.size >= limit) break;
  }
  return [...found];
}

/** NUL bytes, or many control characters, in the first 8 KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are normal in text.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return n > 0 && control / n > MAX_CONTROL_RATIO;
}

function decodeUnicode(body: Uint8Array, encoding: 'utf8' | 'utf16le' | 'utf16be', hadBom: boolean): DecodedText {
  const label = encoding === 'utf8' ? 'utf-8' : encoding === 'utf16le' ? 'utf-16le' : 'utf-16be';
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body), encoding, hadBom };
  } catch {
    // A BOM followed by invalid data: not text we can round-trip in that encoding.
    return looksBinary(body) ? { binary: true } : { text: decodeLatin1(concatBom(encoding, body)), encoding: 'latin1', hadBom: false };
  }
}

function concatBom(encoding: 'utf8' | 'utf16le' | 'utf16be', body: Uint8Array): Uint8Array {
  const bom = encoding === 'utf8' ? [0xef, 0xbb, 0xbf] : encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return concat(bom, body);
}

/** windows-1252 characters of bytes 0x80–0x9F (WHATWG index); undefined slots map to U+0080–U+009F themselves. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_REVERSE = new Map(CP1252_HIGH.map((code, i) => [code, 0x80 + i] as const));

function latin1Byte(code: number): number | undefined {
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  return CP1252_REVERSE.get(code);
}

function decodeLatin1(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) => (b >= 0x80 && b < 0xa0 ? (CP1252_HIGH[b - 0x80] as number) : b));
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = latin1Byte(text.charCodeAt(i));
    if (byte === undefined) {
      throw new RangeError(`Character U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} cannot be written in this file's windows-1252 encoding.`);
    }
    out[i] = byte;
  }
  return out;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function concat(prefix: readonly number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}
