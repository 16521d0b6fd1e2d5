import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, encodeText, looksBinary, unencodableChars } from '../../../../src/core/tools/text';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function roundTrips(input: Uint8Array): void {
  const decoded = decodeText(input);
  assert.ok(!decoded.binary, 'expected text');
  assert.deepEqual(encodeText(decoded.text, decoded.encoding, decoded.hadBom), input);
}

test('UTF-8 without and with a BOM decodes and re-encodes byte-identically', () => {
  const plain = decodeText(utf8('héllo → wörld\n'));
  assert.deepEqual(plain, { text: 'héllo → wörld\n', encoding: 'utf8', hadBom: false });
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('x = 1\r\n')]);
  const decoded = decodeText(withBom);
  assert.deepEqual(decoded, { text: 'x = 1\r\n', encoding: 'utf8', hadBom: true });
  roundTrips(withBom);
  roundTrips(utf8('emoji 🎉 and CJK 漢字'));
});

test('windows-1252 / latin1 bytes fall back without corruption and round-trip', () => {
  // "café “quoted” €5" in windows-1252: é=E9, “=93, ”=94, €=80.
  const cp1252 = bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35, 0x0a);
  const decoded = decodeText(cp1252);
  assert.deepEqual(decoded, { text: 'café “q” €5\n', encoding: 'latin1', hadBom: false });
  roundTrips(cp1252);
  // Every byte value that is not a control character survives, including the 5 undefined in windows-1252.
  const all = bytes(...Array.from({ length: 256 - 32 }, (_, i) => i + 32), 0x81, 0x8d, 0x8f, 0x90, 0x9d);
  roundTrips(all);
});

test('an edited latin1 text re-encodes in latin1; characters it cannot hold are reported', () => {
  const decoded = decodeText(bytes(0x6e, 0x61, 0xef, 0x76, 0x65)); // "naïve"
  assert.ok(!decoded.binary && decoded.encoding === 'latin1');
  const edited = decoded.text.replace('naïve', 'naïve — déjà');
  assert.deepEqual(unencodableChars(edited, 'latin1'), []);
  assert.deepEqual(encodeText(edited, 'latin1', false), bytes(0x6e, 0x61, 0xef, 0x76, 0x65, 0x20, 0x97, 0x20, 0x64, 0xe9, 0x6a, 0xe0));
  assert.deepEqual(unencodableChars('snow ☃ and 🎉', 'latin1'), ['☃', '🎉']);
  assert.deepEqual(unencodableChars('snow ☃', 'utf8'), []);
  assert.throws(() => encodeText('☃', 'latin1', false), /U\+2603 cannot be written/);
});

test('UTF-16 with a BOM decodes (LE and BE) and round-trips', () => {
  const le = bytes(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00, 0x0a, 0x00, 0x3c, 0xd8, 0x89, 0xdf);
  const decodedLe = decodeText(le);
  assert.deepEqual(decodedLe, { text: 'hi\n🎉', encoding: 'utf16le', hadBom: true });
  roundTrips(le);
  const be = bytes(0xfe, 0xff, 0x00, 0x68, 0x00, 0x69);
  assert.deepEqual(decodeText(be), { text: 'hi', encoding: 'utf16be', hadBom: true });
  roundTrips(be);
});

test('binary detection: NUL bytes or many control characters in the first 8 KB', () => {
  assert.deepEqual(decodeText(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00)), { binary: true });
  assert.equal(looksBinary(bytes(1, 2, 3, 4, 5, 65, 66, 67)), true);
  // Tabs, CR/LF, form feeds and ANSI escapes are text.
  assert.equal(looksBinary(utf8('\tcol\r\n\f\x1b[31mred\x1b[0m\n')), false);
  // A NUL past the first 8 KB is not looked at.
  const late = new Uint8Array(9000).fill(0x61);
  late[8500] = 0;
  assert.equal(looksBinary(late), false);
  assert.deepEqual(decodeText(new Uint8Array(0)), { text: '', encoding: 'utf8', hadBom: false });
});
