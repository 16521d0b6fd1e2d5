import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli/main';
import { runSquadCli } from '../../support/cliHarness';

// A real jest run from the corpus: applyDiscount's TypeError is thrown in src/util/discount.js,
// two calls below test/orders.test.js; the paths in the outputs are those of another machine.
const CASE = path.resolve(__dirname, '../../fixtures/test-corpus/jest-deep-throw');
const PROJECT = path.join(CASE, 'project');
const TEXT = path.join(CASE, 'output.text.txt');
const JSON_REPORT = path.join(CASE, 'output.json.json');

interface JsonOut {
  format: string;
  passed: number;
  failed: number;
  failures: { test: string; testFile: string | null; file: string | null; line?: number; confidence: number; taskId?: string; kind: string; reason: string }[];
}

describe('squad attribute (in-process)', () => {
  let tmp: string;
  let changes: string;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-attribute-'));
    changes = path.join(tmp, 'changes.json');
    await fs.writeFile(changes, JSON.stringify({ 'src/util/discount.js': 't1', 'src/service/orders.js': 't2', 'test/orders.test.js': 'qa' }));
  });
  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  // No provider variables at all: the command must not need them.
  const squad = (argv: string[], cwd = tmp) => runSquadCli(['attribute', ...argv], {}, cwd);

  it('attributes a JSON report to the changed file of the innermost frame, as JSON', async () => {
    const r = await squad(['--workspace', PROJECT, '--input', JSON_REPORT, '--changes', changes, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.equal(out.format, 'jest-json');
    assert.equal(out.failed, 1);
    assert.equal(out.passed, 11);
    assert.equal(out.failures.length, 1);
    const [f] = out.failures;
    assert.equal(f?.test, 'orderTotal › applies a percent coupon');
    assert.equal(f?.testFile, 'test/orders.test.js');
    assert.equal(f?.file, 'src/util/discount.js');
    assert.equal(f?.line, 9);
    assert.equal(f?.taskId, 't1');
    assert.equal(f?.kind, 'routed');
    assert.ok((f?.confidence ?? 0) >= 0.9);
  });

  it('prints the console output attribution for people, workspace from the current folder', async () => {
    const r = await squad(['--input', TEXT, '--changes', changes], PROJECT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 failed, 11 passed/);
    assert.match(r.stdout, /✗ orderTotal › applies a percent coupon/);
    assert.match(r.stdout, /evidence\s+src\/util\/discount\.js:9/);
    assert.match(r.stdout, /attributed\s+src\/util\/discount\.js:9\s+\d+%\s+task t1/);
  });

  it('without --changes, calls the file pre-existing', async () => {
    const r = await squad(['--workspace', PROJECT, '--input', TEXT, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.equal(out.failures[0]?.file, 'src/util/discount.js');
    assert.equal(out.failures[0]?.kind, 'pre-existing');
    assert.equal(out.failures[0]?.taskId, undefined);
  });

  it('reads the output from stdin when no --input is given', async () => {
    let stdout = '';
    let stderr = '';
    const stdin = Readable.from([await fs.readFile(TEXT)]);
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: tmp, stdin };
    const code = await main(['attribute', '--workspace', PROJECT, '--changes', changes, '--json'], io);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as JsonOut;
    assert.equal(out.format, 'jest-text');
    assert.equal(out.failures[0]?.file, 'src/util/discount.js');
    assert.equal(out.failures[0]?.taskId, 't1');
  });

  it('says so when the output has no failures', async () => {
    const passing = path.join(tmp, 'pass.txt');
    await fs.writeFile(passing, 'PASS test/a.test.js\n\nTest Suites: 1 passed, 1 total\nTests:       2 passed, 2 total\n');
    const r = await squad(['--workspace', PROJECT, '--input', passing]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0 failed/);
    assert.match(r.stdout, /No failing tests/);
  });

  it('exits 2 on usage errors: unreadable input, bad --changes, missing workspace, arguments', async () => {
    const missing = await squad(['--workspace', PROJECT, '--input', path.join(tmp, 'nope.txt')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read --input/);

    const badJson = path.join(tmp, 'bad.json');
    await fs.writeFile(badJson, '{"src/a.ts": ');
    const bad = await squad(['--workspace', PROJECT, '--input', TEXT, '--changes', badJson]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot read --changes/);

    const wrongShape = path.join(tmp, 'shape.json');
    await fs.writeFile(wrongShape, JSON.stringify({ 'src/a.ts': 3 }));
    const shape = await squad(['--workspace', PROJECT, '--input', TEXT, '--changes', wrongShape]);
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /must map workspace paths to task ids/);

    const noWs = await squad(['--workspace', path.join(tmp, 'nowhere'), '--input', TEXT]);
    assert.equal(noWs.code, 2);
    assert.match(noWs.stderr, /is not a folder/);

    const positional = await squad(['output.txt']);
    assert.equal(positional.code, 2);
    assert.match(positional.stderr, /--input/);
  });

  it('has help, and is listed in the main help', async () => {
    const r = await runSquadCli(['help', 'attribute'], {}, tmp);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: squad attribute/);
    const top = await runSquadCli(['--help'], {}, tmp);
    assert.match(top.stdout, /squad attribute/);
  });
});
