import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validatePlan } from '../../src/core/plan/validate';
import type { Plan } from '../../src/core/plan/schema';
import { RunSession } from '../../src/core/run/session';
import { createFsStorage } from '../../src/node/fsStorage';

/** A real session journaled in a temp folder, with `plan` proposed; `dispose()` removes the folder. */
export async function sessionWithPlan(plan: Plan, roles = ['database', 'backend', 'frontend', 'qa']) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-run-'));
  const storage = createFsStorage(dir);
  const session = await RunSession.start({ storage, request: 'test request', workspaceName: 'ws', roles });
  await session.emit({ type: 'plan.proposed', plan: validatePlan(plan, { roles, maxTasks: 1000 }), attempt: 1 });
  return { session, storage, dir, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
}

export function task(id: string, dependsOn: string[] = [], role = 'backend') {
  return { id, role, title: `Task ${id}`, description: `Do ${id}`, dependsOn };
}
