import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { parseAgentFile } from '../../../../../src/core/agents/roles/agentFile';
import { roleFromSpec } from '../../../../../src/core/agents/roles';
import { loadRoster, rosterDescriptions } from '../../../../../src/core/agents/roles/roster';
import { resolveToolNames } from '../../../../../src/core/agents/roles/toolNames';
import { createFsWorkspace } from '../../../../../src/node/fsWorkspace';
import { makeTempWorkspace } from '../../../../support/tempWorkspace';

const DOCS = `---
description: Writes the user guide in docs/
model: ['docs-model', 'fallback-model']
tools: ['read', 'search', 'edit/editFiles', 'web/fetch', 'github/*']
owns: docs/**
handoffs:
  - label: Review
    agent: qa
    prompt: Review the docs.
---
You are the docs engineer.
Write short sentences.
`;

test('a VS Code agent file becomes a role: name from the file, first model, tools as written, owns, body as the prompt', () => {
  const result = parseAgentFile('.squad/agents/docs.agent.md', DOCS);
  assert.equal(result.kind, 'role');
  if (result.kind !== 'role') return;
  assert.deepEqual(result.spec, {
    name: 'docs',
    source: '.squad/agents/docs.agent.md',
    description: 'Writes the user guide in docs/',
    prompt: 'You are the docs engineer.\nWrite short sentences.',
    model: 'docs-model',
    tools: ['read', 'search', 'edit/editFiles', 'web/fetch', 'github/*'],
    owns: ['docs/**'],
  });
  const role = roleFromSpec(result.spec);
  // read → read_file, search → list_files + search, edit/editFiles → propose_edit; web/fetch has no counterpart; finish always.
  assert.deepEqual(role.tools?.map((t) => t.name), ['list_files', 'read_file', 'search', 'propose_edit', 'finish']);
  assert.deepEqual(resolveToolNames(result.spec.tools ?? []).other, ['github/*']);
  assert.equal(role.prompt, result.spec.prompt);
});

test('each broken file gives one sentence naming the file and the field', () => {
  const cases: [string, string, RegExp][] = [
    ['a.agent.md', '---\ndescription: [unclosed\n---\nbody', /a\.agent\.md: the front matter is not valid YAML/],
    ['b.agent.md', '---\ntools: read\n---\nbody', /b\.agent\.md: field "tools"/],
    ['c.agent.md', '---\nmodel: 3\n---\nbody', /c\.agent\.md: field "model"/],
    ['d.agent.md', '---\nname: Docs Engineer!\n---\nbody', /d\.agent\.md: field "name" \("Docs Engineer!"\) is not a usable role name/],
    ['e.agent.md', '---\nowns: ../outside/**\n---\nbody', /e\.agent\.md: field "owns": "\.\.\/outside\/\*\*" must be a glob relative/],
    ['planner.agent.md', 'Plan things.', /planner\.agent\.md: "planner" is Squad's planner/],
    ['f.agent.md', '---\ndescription: x\nbody without an end', /f\.agent\.md: the front matter starts with "---" but has no closing/],
  ];
  for (const [file, text, expected] of cases) {
    const result = parseAgentFile(`.squad/agents/${file}`, text);
    assert.equal(result.kind, 'invalid', file);
    if (result.kind === 'invalid') assert.match(result.problem, expected);
  }
  const cloud = parseAgentFile('.github/agents/cloud.agent.md', '---\ntarget: github-copilot\n---\nx');
  assert.equal(cloud.kind, 'skipped');
});

test('the roster: built-ins overridden by files, custom roles added, .squad/agents before .github/agents, broken files skipped', async () => {
  const ws = await makeTempWorkspace({
    '.gitignore': '.squad/\n',
    '.squad/agents/docs.agent.md': DOCS,
    '.squad/agents/broken.agent.md': '---\ntools: read\n---\n',
    '.squad/agents/notes.md': 'not an agent file',
    '.github/agents/backend.agent.md': '---\nname: backend\nmodel: api-model\nowns: [src/api/**]\n---\nYou are the API engineer.\n',
    '.github/agents/docs.agent.md': '---\ndescription: Shadowed\n---\nNot used.\n',
  });
  try {
    const { roster, warnings } = await loadRoster(createFsWorkspace(ws.root));
    assert.deepEqual(roster.map((r) => [r.name, r.source]), [
      ['database', 'built-in'],
      ['backend', '.github/agents/backend.agent.md'],
      ['frontend', 'built-in'],
      ['qa', 'built-in'],
      ['docs', '.squad/agents/docs.agent.md'],
    ]);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0]!, /^\.squad\/agents\/broken\.agent\.md: field "tools".*skipped/);
    assert.match(warnings[1]!, /^\.github\/agents\/docs\.agent\.md: skipped: role "docs" is already defined by \.squad\/agents\/docs\.agent\.md/);
    // An override with no description keeps the built-in's words for the planner, and the built-in's tools.
    const described = rosterDescriptions(roster);
    assert.equal(described.backend, 'server logic, API endpoints, validation and services (owns src/api/**)');
    assert.equal(described.docs, 'Writes the user guide in docs/ (owns docs/**)');
    const backend = roleFromSpec(roster[1]!);
    assert.equal(backend.prompt, 'You are the API engineer.');
    assert.equal(backend.tools, undefined);
    assert.equal(roleFromSpec(roster[3]!).tools?.some((t) => t.name === 'run_tests'), true);

    const listed = await loadRoster(createFsWorkspace(ws.root), { roles: ['backend', 'writer'], rolesSource: '--roles' });
    assert.deepEqual(listed.roster.map((r) => [r.name, r.source]), [['backend', '.github/agents/backend.agent.md'], ['writer', '--roles']]);
    assert.ok(listed.warnings.some((w) => /role "docs" is not in the squad's roles \(backend, writer\)/.test(w)));
  } finally {
    await ws.dispose();
  }
});

test("the README's example agent files load without a warning", async () => {
  const example = new URL('../../../../../examples/custom-agents/', import.meta.url);
  const { roster, warnings } = await loadRoster(createFsWorkspace(fileURLToPath(example)));
  assert.deepEqual(warnings, []);
  const docs = roster.find((r) => r.name === 'docs');
  const backend = roster.find((r) => r.name === 'backend');
  assert.equal(docs?.source, '.squad/agents/docs.agent.md');
  assert.deepEqual(docs?.owns, ['docs/**', 'README.md']);
  assert.equal(backend?.source, '.github/agents/backend.agent.md');
  assert.equal(backend?.model, 'gpt-4.1');
});
