import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../../../src/core/security/dotenv';

describe('parseDotenv', () => {
  it('reads plain, exported, quoted, multi-line and commented entries', () => {
    const text = [
      '# a comment',
      'PLAIN=value1',
      'export EXPORTED = value2 # trailing comment',
      "SINGLE='lit\\n eral'",
      'DOUBLE="line1\\nline2 \\"q\\""',
      'BACKTICK=`tick`',
      'PEM="-----BEGIN PRIVATE KEY-----',
      'MIIEabc',
      '-----END PRIVATE KEY-----"',
      'COLON: yaml-like',
      'HASHED=abc#123',
      'EMPTY=',
      'UNCLOSED="oops',
      'not an entry',
      'AFTER=ok',
    ].join('\r\n');
    assert.deepEqual(parseDotenv(text), [
      { name: 'PLAIN', value: 'value1' },
      { name: 'EXPORTED', value: 'value2' },
      { name: 'SINGLE', value: 'lit\\n eral' },
      { name: 'DOUBLE', value: 'line1\nline2 "q"' },
      { name: 'BACKTICK', value: 'tick' },
      { name: 'PEM', value: '-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----' },
      { name: 'COLON', value: 'yaml-like' },
      { name: 'HASHED', value: 'abc#123' },
      { name: 'HASHED', value: 'abc' },
      { name: 'EMPTY', value: '' },
      { name: 'UNCLOSED', value: '"oops' },
      { name: 'AFTER', value: 'ok' },
    ]);
  });
});
