import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { renderSummary, summarizeWorkspace } from '../../../../src/core/workspace/summary';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

describe('workspace summary of a node project', () => {
  let ws: Awaited<ReturnType<typeof makeTempWorkspace>>;
  const files: Record<string, string> = {
    '.gitignore': 'data/\n*.log\nsecret-notes.txt\n',
    '.env': 'OPENAI_API_KEY=sk-should-never-appear\n',
    'package.json': JSON.stringify({
      name: 'todo-app',
      type: 'module',
      scripts: {
        start: 'node src/server.js',
        test: 'vitest run',
        deploy: 'curl -H "Authorization: Bearer abcdef123456789" https://x && API_TOKEN=tok_998877 ./go',
      },
      dependencies: { express: '^4', react: '^19', '@prisma/client': '^5' },
      devDependencies: { vitest: '^2', typescript: '^5' },
    }),
    'src/server.js': "import express from 'express';\n",
    'src/db/schema.sql': 'create table todo(id int);\n',
    'src/ui/App.tsx': 'export const App = () => null;\n',
    'secret-notes.txt': 'password: hunter2\n',
    'data/big.json': '{}',
    'debug.log': 'log',
    'node_modules/express/index.js': 'module.exports = 1;',
  };
  // 300 generated files under one folder: far over the 200-entry cap.
  for (let i = 0; i < 300; i++) files[`src/generated/file${String(i).padStart(3, '0')}.ts`] = 'export {};\n';

  before(async () => {
    ws = await makeTempWorkspace(files);
  });
  after(() => ws.dispose());

  it('collapses the tree under the cap and leaves ignored and secret files out', async () => {
    const data = await summarizeWorkspace(createFsWorkspace(ws.root));
    assert.ok(data.tree.length <= 200, `tree has ${data.tree.length} entries`);
    const generated = data.tree.find((l) => l.name === 'generated');
    assert.deepEqual(generated, { depth: 1, name: 'generated', kind: 'dir', files: 300, collapsed: true });
    const names = data.tree.map((l) => l.name);
    assert.ok(names.includes('package.json'));
    assert.ok(names.includes('App.tsx'), 'small folders stay expanded');
    for (const hidden of ['secret-notes.txt', 'debug.log', 'data', 'node_modules', '.env']) {
      assert.ok(!names.includes(hidden), `${hidden} must not be listed`);
    }
    const text = renderSummary(data);
    assert.match(text, /generated\/ \(300 files\)/);
    assert.doesNotMatch(text, /hunter2|sk-should-never-appear|secret-notes|node_modules/);
  });

  it('excerpts the manifest and detects languages, frameworks and the test command', async () => {
    const data = await summarizeWorkspace(createFsWorkspace(ws.root));
    const pkg = data.manifests[0];
    assert.equal(pkg?.path, 'package.json');
    assert.equal(pkg?.name, 'todo-app');
    assert.deepEqual(pkg?.dependencies, ['express', 'react', '@prisma/client']);
    assert.equal(pkg?.scripts['test'], 'vitest run');
    assert.equal(data.languages[0]?.language, 'TypeScript');
    for (const fw of ['Express', 'React', 'Prisma', 'Vitest']) assert.ok(data.frameworks.includes(fw), `${fw} in ${data.frameworks.join(", ")}`);
    assert.deepEqual(data.testCommand, { command: 'npm test', source: 'package.json scripts.test: vitest run' });
    const text = renderSummary(data);
    assert.match(text, /Test command: npm test/);
    assert.match(text, /dependencies: express, react, @prisma\/client/);
    assert.doesNotMatch(text, /abcdef123456789|tok_998877/, 'tokens in scripts are masked');
    assert.match(pkg?.scripts['deploy'] ?? '', /API_TOKEN=\*\*\*/);
  });

  it('stays under the character cap and says how much of the tree was cut', async () => {
    const data = await summarizeWorkspace(createFsWorkspace(ws.root), { maxTreeEntries: 400 });
    const text = renderSummary(data, 1500);
    assert.ok(text.length <= 1500, `length ${text.length}`);
    assert.match(text, /… \d+ more tree entries$/);
  });
});

describe('workspace summary of other stacks', () => {
  it('sees node:test and node:sqlite in a zero-dependency node project', async () => {
    const ws = await makeTempWorkspace({
      'package.json': JSON.stringify({ name: 'taskboard', scripts: { test: 'node --test' } }),
      'src/db.js': "import { DatabaseSync } from 'node:sqlite';\n",
      'src/server.js': "import http from 'node:http';\n",
      'test/db.test.js': "import { test } from 'node:test';\n",
    });
    try {
      const data = await summarizeWorkspace(createFsWorkspace(ws.root));
      assert.deepEqual(data.frameworks, ['node:test', 'node:sqlite', 'node:http']);
      assert.equal(data.testCommand?.command, 'npm test');
      assert.match(renderSummary(data), /dependencies: none/);
    } finally {
      await ws.dispose();
    }
  });

  it('reads pyproject dependencies and picks pytest', async () => {
    const ws = await makeTempWorkspace({
      'pyproject.toml': '[project]\nname = "api"\ndependencies = [\n  "fastapi>=0.110",\n  "sqlalchemy",\n]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n',
      'app/main.py': 'print(1)\n',
      'tests/test_main.py': 'def test_x(): pass\n',
    });
    try {
      const data = await summarizeWorkspace(createFsWorkspace(ws.root));
      assert.equal(data.manifests[0]?.name, 'api');
      assert.deepEqual(data.manifests[0]?.dependencies, ['fastapi', 'sqlalchemy']);
      assert.deepEqual(data.frameworks, ['FastAPI', 'SQLAlchemy']);
      assert.equal(data.testCommand?.command, 'pytest');
      assert.equal(data.languages[0]?.language, 'Python');
    } finally {
      await ws.dispose();
    }
  });

  it('reads go.mod requirements and uses go test', async () => {
    const ws = await makeTempWorkspace({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgorm.io/gorm v1.25.0 // indirect\n)\n',
      'main.go': 'package main\n',
    });
    try {
      const data = await summarizeWorkspace(createFsWorkspace(ws.root));
      assert.equal(data.manifests[0]?.name, 'example.com/shop');
      assert.deepEqual(data.manifests[0]?.dependencies, ['github.com/gin-gonic/gin', 'gorm.io/gorm']);
      assert.deepEqual(data.frameworks, ['Gin', 'GORM']);
      assert.deepEqual(data.testCommand, { command: 'go test ./...', source: 'go.mod' });
    } finally {
      await ws.dispose();
    }
  });
});
