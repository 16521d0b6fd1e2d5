import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { importEdges, importsOf, type ImportEdge } from '../support/importGraph';

// The layering rules of shared/DESIGN.md, enforced on the real source tree.
const repoRoot = path.resolve(__dirname, '../..');
const VENDOR_SDKS = ['openai', '@anthropic-ai/sdk'];

const isVendorSdk = (target: string) => VENDOR_SDKS.some((sdk) => target === sdk || target.startsWith(`${sdk}/`));
const describeEdges = (edges: ImportEdge[]) => edges.map((e) => `${e.file} imports '${e.specifier}'`).join('\n');

const CORE_FORBIDDEN = ['src/node', 'src/vscode', 'src/webview', 'src/cli'];

export function coreViolations(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter(
    (e) => e.file.startsWith('src/core/') && (e.target === 'vscode' || CORE_FORBIDDEN.some((dir) => e.target.startsWith(dir))),
  );
}

export function sdkViolations(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => isVendorSdk(e.target) && !e.file.startsWith('src/core/llm/'));
}

export function webviewViolations(edges: ImportEdge[]): ImportEdge[] {
  const leavesView = (e: ImportEdge) =>
    e.specifier.startsWith('.')
      ? !e.target.startsWith('src/webview') && !e.target.startsWith('src/protocol')
      : e.target === 'vscode' || isVendorSdk(e.target);
  return edges.filter((e) => e.file.startsWith('src/webview/') && leavesView(e));
}

test('the import scanner sees every import form', () => {
  const source = `import * as vscode from 'vscode';\nimport type { A } from "../a";\nexport { b } from './b';\nimport './side';\nconst c = require('c');\nconst d = await import('d');`;
  assert.deepEqual(importsOf(source).sort(), ['../a', './b', './side', 'c', 'd', 'vscode']);
});

test('the rules catch a violation when one exists', () => {
  const edges: ImportEdge[] = [
    { file: 'src/core/x.ts', specifier: 'vscode', target: 'vscode' },
    { file: 'src/core/plan/y.ts', specifier: '../../node/fsStorage', target: 'src/node/fsStorage' },
    { file: 'src/cli/main.ts', specifier: 'openai', target: 'openai' },
    { file: 'src/webview/main.ts', specifier: '../core/plan/schema', target: 'src/core/plan/schema' },
  ];
  assert.equal(coreViolations(edges).length, 2);
  assert.equal(sdkViolations(edges).length, 1);
  assert.equal(webviewViolations(edges).length, 1);
});

test('src/core imports no vscode, src/node, src/vscode, src/webview or src/cli', async () => {
  const edges = await importEdges(repoRoot, 'src/core');
  assert.ok(edges.length > 0, 'src/core has imports to check');
  assert.deepEqual(coreViolations(edges), [], describeEdges(coreViolations(edges)));
});

test('only src/core/llm imports the vendor SDKs', async () => {
  const edges = (await Promise.all(['src', 'test', 'bench'].map((d) => importEdges(repoRoot, d)))).flat();
  const outside = sdkViolations(edges).filter((e) => e.file.startsWith('src/'));
  assert.deepEqual(outside, [], describeEdges(outside));
});

test('src/webview imports only src/protocol', async () => {
  const edges = await importEdges(repoRoot, 'src/webview');
  assert.deepEqual(webviewViolations(edges), [], describeEdges(webviewViolations(edges)));
});
