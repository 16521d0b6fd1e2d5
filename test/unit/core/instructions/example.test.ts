import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { projectInstructions, type InstructionsForPrompt } from '../../../../src/core/instructions';
import { createSandbox } from '../../../../src/core/tools';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';

const root = fileURLToPath(new URL('../../../../examples/project-instructions/', import.meta.url));
const ALWAYS = ['.squad/instructions.md', 'AGENTS.md', '.github/copilot-instructions.md'];

const given = (r: InstructionsForPrompt) => r.record.files.filter((f) => f.status === 'whole').map((f) => f.path);

describe('examples/project-instructions holds what its README says', () => {
  // As the CLI and the extension build it: Squad's own folder is noise to the agents, yet its instructions are read.
  const workspace = createFsWorkspace(root, { ignoreGlobs: ['.squad/'] });
  const instructions = () => projectInstructions(workspace, createSandbox(workspace));

  it('the planner gets the files for the whole project, and the release rule only by name', async () => {
    const r = await instructions().forPlanner();
    assert.deepEqual(given(r), ALWAYS);
    assert.deepEqual(r.record.files.filter((f) => f.status === 'listed').map((f) => f.path), ['.cursor/rules/releases.mdc']);
  });

  it('a database task also gets src/db/AGENTS.md; a test task the tests rule; a frontend task the frontend rule', async () => {
    assert.deepEqual(given(await instructions().forTask(['src/db/repo.js', 'src/db/migrations/003_due.sql'])), ['.squad/instructions.md', 'src/db/AGENTS.md', 'AGENTS.md', '.github/copilot-instructions.md']);
    assert.deepEqual(given(await instructions().forTask(['test/health.test.js'])), ['.squad/instructions.md', 'AGENTS.md', '.github/instructions/tests.instructions.md', '.github/copilot-instructions.md']);
    assert.deepEqual(given(await instructions().forTask(['public/app.js'])), [...ALWAYS, '.cursor/rules/frontend.mdc']);
    assert.deepEqual(given(await instructions().forTask(['src/server/health.js'])), ALWAYS);
  });
});
