import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeCredential, stripUrlPasswords } from '../../../../src/core/security/patterns';
import { createSecretScrubber, encodedForms, MIN_SECRET_LENGTH, REDACTED } from '../../../../src/core/security/scrubber';
import { looksLikeSecretValue } from '../../../../src/core/security/secretShape';

const KEY = 'sk-proj-Zq8v3RmT0yK2bW9xLp4nC7eJ1hG5fD6s';
const PASSWORD = 'p@ss w0rd/"quoted"+plus';

/** Every case: what the text says, and that the secret part is gone while the rest stays. */
function scrubbed(text: string, values: string[] = []): string {
  return createSecretScrubber(values).scrub(text);
}

describe('secret scrubber: known values and their encodings', () => {
  const scrub = createSecretScrubber([KEY, PASSWORD], { patterns: [] }).scrub;

  it('replaces the exact value wherever it occurs', () => {
    assert.equal(scrub(`key=${KEY} and again ${KEY}.`), `key=${REDACTED} and again ${REDACTED}.`);
  });

  it('replaces the URL-encoded value (percent and form encoding)', () => {
    const encoded = encodeURIComponent(PASSWORD);
    assert.notEqual(encoded, PASSWORD);
    assert.equal(scrub(`GET /login?pw=${encoded}&next=/`), `GET /login?pw=${REDACTED}&next=/`);
    assert.equal(scrub(`body: pw=${encoded.replaceAll('%20', '+')}`), `body: pw=${REDACTED}`);
  });

  it('replaces the JSON-escaped value', () => {
    const json = JSON.stringify({ password: PASSWORD });
    assert.ok(!json.includes(PASSWORD), 'the escaped form differs from the raw one');
    assert.equal(scrub(json), `{"password":"${REDACTED}"}`);
  });

  it('replaces the base64 of the value, alone and inside user:value (Basic auth) at every alignment', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (const text of [b64(KEY), b64(`me:${KEY}`), b64(`ab:${KEY}`), b64(`user:${KEY}`), b64(`{"k":"${KEY}","n":1}`)]) {
      const out = scrub(`header ${text} end`);
      assert.ok(out.includes(REDACTED), `${text} → ${out}`);
      // What is left of the encoded text cannot give the secret back.
      for (const left of out.split(/\s+/)) {
        const decoded = Buffer.from(left.replace(REDACTED, ''), 'base64').toString('latin1');
        assert.ok(!decoded.includes(KEY.slice(4, 12)), `${left} decodes to part of the key`);
      }
    }
    const urlSafe = Buffer.from(`u:${KEY}??>>`).toString('base64url');
    assert.ok(scrub(urlSafe).includes(REDACTED), 'base64url');
  });

  it('leaves values shorter than the minimum alone: they would shred ordinary output', () => {
    const short = 'a'.repeat(MIN_SECRET_LENGTH - 1);
    const s = createSecretScrubber(['admin', 'test', short, '1234'], { patterns: [] });
    assert.equal(s.size, 0);
    assert.equal(s.scrub(`test admin 1234 ${short}`), `test admin 1234 ${short}`);
  });

  it('a known value after a secret name is redacted once, not twice', () => {
    assert.equal(createSecretScrubber([KEY]).scrub(`OPENAI_API_KEY=${KEY}\nnext`), `OPENAI_API_KEY=${REDACTED}\nnext`);
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    const inner = 'innerSecret99';
    const outer = `Bearer-${inner}-outer`;
    assert.equal(createSecretScrubber([inner, outer], { patterns: [] }).scrub(`x ${outer} y ${inner}`), `x ${REDACTED} y ${REDACTED}`);
  });

  it('lists the raw, encoded, escaped and base64 forms', () => {
    const forms = encodedForms(PASSWORD).map((f) => f.text);
    assert.ok(forms.includes(PASSWORD));
    assert.ok(forms.includes(encodeURIComponent(PASSWORD)));
    assert.ok(forms.includes(JSON.stringify(PASSWORD).slice(1, -1)));
    assert.equal(encodedForms(PASSWORD).filter((f) => f.base64).length >= 3, true);
  });
});

describe('secret scrubber: patterns for secrets nobody named', () => {
  const cases: [string, string, string][] = [
    ['URL password', 'connect postgres://app:Sup3rS3cret@db.internal:5432/shop failed', `connect postgres://app:${REDACTED}@db.internal:5432/shop failed`],
    ['URL password, empty user', 'redis://:hunter2@cache:6379', `redis://:${REDACTED}@cache:6379`],
    ['short URL password', 'postgres://u:pw@h/db', `postgres://u:${REDACTED}@h/db`],
    ['Authorization: Bearer', 'Authorization: Bearer abc.def-123', `Authorization: Bearer ${REDACTED}`],
    ['Authorization: Basic', 'authorization: Basic dXNlcjpwYXNz', `authorization: Basic ${REDACTED}`],
    ['headers object', "{ authorization: 'Bearer tok_12345678' }", `{ authorization: 'Bearer ${REDACTED}' }`],
    ['Bearer alone', 'sent Bearer eyAbc123xyz4567 to the api', `sent Bearer ${REDACTED} to the api`],
    ['token query', 'GET /api?user=4&token=abcdef123&x=1', `GET /api?user=4&token=${REDACTED}&x=1`],
    ['api_key query', 'https://h/x?api_key=K123456789', `https://h/x?api_key=${REDACTED}`],
    ['secret assignment', 'CLIENT_SECRET=s3cr3t-value', `CLIENT_SECRET=${REDACTED}`],
    ['password assignment, quoted', 'password = "hunter2"', `password = "${REDACTED}"`],
    ['key assignment', "const key='k-0099'", `const key='${REDACTED}'`],
    ['assignment inside JSON-escaped text ends at the escape', '"A_TOKEN=abc123\\nNEXT=plain"', `"A_TOKEN=${REDACTED}\\nNEXT=plain"`],
    ['JSON label', '{"apiKey": "abc-123-def", "name": "x"}', `{"apiKey": "${REDACTED}", "name": "x"}`],
    ['printed object label', "{ password: 'opensesame', user: 'bo' }", `{ password: '${REDACTED}', user: 'bo' }`],
    ['OpenAI key', `using ${KEY} now`, `using ${REDACTED} now`],
    ['Anthropic key', 'k=sk-ant-api03-AbCdEfGh1234567890_xyzXYZ-987 ok', `k=${REDACTED} ok`],
    ['GitHub classic token', 'ghp_0123456789abcdefABCDEF0123456789abcd', REDACTED],
    ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', REDACTED],
    ['AWS key id', 'aws AKIAIOSFODNN7EXAMPLE here', `aws ${REDACTED} here`],
    ['Slack token', 'xoxb-123456789012-abcdefABCDEF', REDACTED],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', REDACTED],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.equal(scrubbed(text), expected));
  }

  it('a private key block, whole or cut off by the output cap', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----';
    assert.equal(scrubbed(`before\n${pem}\nafter`), `before\n-----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----\nafter`);
    assert.doesNotMatch(scrubbed('x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg'), /MIIE/);
    assert.doesNotMatch(scrubbed(JSON.stringify({ key: pem })), /MIIE/);
  });

  it('flags credentials by shape (the environment filter drops them) and strips URL passwords', () => {
    assert.equal(looksLikeCredential(`Bearer ${KEY}`), true);
    assert.equal(looksLikeCredential('Basic dXNlcjpwYXNz'), true);
    assert.equal(looksLikeCredential('ghp_0123456789abcdefABCDEF0123456789abcd'), true);
    assert.equal(looksLikeCredential('postgres://u:pw@h/db'), false);
    assert.equal(looksLikeCredential('/usr/local/bin:/usr/bin'), false);
    assert.equal(stripUrlPasswords('postgres://u:pw@h/db and http://x:y@z'), 'postgres://u@h/db and http://x@z');
    assert.equal(stripUrlPasswords('http://localhost:3000/path'), 'http://localhost:3000/path');
  });

  it('tells secret-looking values from configuration', () => {
    for (const v of ['3f9a0c1b2d4e5f6a7b8c9d0e1f2a3b4c', 'Hunter2Pw', KEY, 'postgres://u:pw@h/db']) assert.equal(looksLikeSecretValue(v), true, v);
    for (const v of ['localhost', 'development', '3000', 'true', 'http://localhost:3000/api', './data/db.sqlite', 'hello world 12345678', 'gpt-4o-mini-2024', 'claude-3-5-sonnet-20241022', '2024-01-01T00:00:00Z']) {
      assert.equal(looksLikeSecretValue(v), false, v);
    }
  });
});

describe('secret scrubber: ordinary test output passes unchanged', () => {
  // A jest failure and a node:test/TAP run: hashes, UUIDs, hex ids, URLs, `key:` labels, `==`, code frames.
  const JEST = `FAIL src/orders.test.ts
  ● orders › keeps the id of the order

    expect(received).toEqual(expected) // deep equality

    - Expected  - 1
    + Received  + 1

      Object {
        "id": "5f3a9c0e1b2d4f6a8b7c9d0e1f2a3b4c",
    -   "key": "row-1",
    +   "key": "row-2",
        "requestId": "9b2c4e1a-7d3f-4a8b-9c0d-1e2f3a4b5c6d",
        "url": "http://localhost:3000/api/orders?page=2&sort=desc",
      }

      12 |   const order = await createOrder({ sku: 'ABC-123' });
      13 |   expect(order.total === 42).toBe(true);
    > 14 |   expect(order).toEqual(expected);
         |                 ^

      at Object.<anonymous> (src/orders.test.ts:14:17)

  commit 3e1f0a9c8b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f, snapshot sha256:0b5e7c4a2f1d3e6b8a9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a
Tests: 1 failed, 12 passed, 13 total`;
  const TAP = `# Subtest: basic auth is required
not ok 3 - basic auth is required
  ---
  duration_ms: 12.5
  error: 'Expected values to be strictly equal:\\n\\n401 !== 200\\n'
  code: 'ERR_ASSERTION'
  stack: |-
    TestContext.<anonymous> (file:///repo/test/auth.test.js:9:10)
  ...
# Bearer tokens are checked by the middleware; Basic authentication is not offered.
# token count: 3, key == value, monkey business, password reset flow works`;

  it('leaves jest and TAP failures, hex ids, UUIDs, SHAs and plain URLs alone', () => {
    const scrub = createSecretScrubber(['not-in-this-output-123']).scrub;
    assert.equal(scrub(JEST), JEST);
    assert.equal(scrub(TAP), TAP);
  });
});
