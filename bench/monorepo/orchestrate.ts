/**
 * One squad run over a repository, in its own process so its CPU time and peak memory are its
 * own. The bench bundles this file with esbuild and runs it with plain node, as the CLI runs:
 * `node orchestrate.js <root> <targets.json> <rg path or ""> <model base URL>`, one target file
 * per task (listed by the caller, so no second index counts here). Each task's agent lists its
 * package, searches its folder, reads the file, proposes one and finishes: five model calls to
 * the scripted server, which runs in another process. Prints one JSON line of figures.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeSquad } from '../../src/core/agents/squad';
import { createOpenAIChatModel } from '../../src/core/llm/openai';
import type { Plan } from '../../src/core/plan/schema';
import { RunSession } from '../../src/core/run/session';
import { createSandbox } from '../../src/core/tools';
import { createFsStorage } from '../../src/node/fsStorage';
import { createFsWorkspace } from '../../src/node/fsWorkspace';
import { createWorkerRegexMatcher } from '../../src/node/regexWorker';
import { agentTurns, call } from '../../test/support/agentScripts';
import type { Script } from '../../test/support/script';

const ROLES = ['database', 'backend', 'frontend', 'qa'];

export interface OrchestrationFigures {
  readonly engine: string;
  readonly tasks: number;
  readonly calls: number;
  readonly cpuMsPerCall: number;
  readonly peakRssMb: number;
  readonly startRssMb: number;
  readonly wallMs: number;
}

/** The scripted model's turns for the targets: five per task. */
export function orchestrationScript(targets: readonly string[]): Script {
  return {
    latencyMs: 2,
    turns: targets.flatMap((file, i) => {
      const folder = file.slice(0, file.lastIndexOf('/'));
      const pkg = file.split('/').slice(0, 2).join('/');
      return agentTurns(`t${i}`, [
        [call('list_files', { glob: `${pkg}/**` })],
        [call('search', { query: 'handler', glob: `${folder}/**` })],
        [call('read_file', { path: file })],
        [call('create_file', { path: `${folder}/bench${i}.ts`, content: `export const t${i} = true;\n` })],
        [call('finish', { summary: `t${i} done` })],
      ]);
    }),
  };
}

async function main(): Promise<void> {
  const [root, targetsFile, ripgrep, baseUrl] = process.argv.slice(2) as [string, string, string, string];
  const targets = JSON.parse(await fs.readFile(targetsFile, 'utf8')) as string[];
  const tasks = targets.length;
  const plan: Plan = {
    summary: 'bench',
    tasks: targets.map((_, i) => ({ id: `t${i}`, role: ROLES[i % ROLES.length] as string, title: `task ${i}`, description: `task ${i}`, dependsOn: [] })),
  };
  const journal = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-journal-'));
  const regex = createWorkerRegexMatcher();
  try {
    const workspace = createFsWorkspace(root, ripgrep ? { ripgrep } : {});
    const session = await RunSession.start({ storage: createFsStorage(journal), request: 'bench', workspaceName: 'ws', roles: ROLES });
    await session.emit({ type: 'plan.proposed', plan, attempt: 1 });
    await session.emit({ type: 'plan.approved', by: 'auto' });
    const model = createOpenAIChatModel({ model: 'bench', baseUrl, maxRetries: 0 });
    const startRss = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { outcome } = await executeSquad({ session, workspace, sandbox: createSandbox(workspace), modelFor: () => model, concurrency: 4, regex }, new AbortController().signal);
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (outcome !== 'completed') throw new Error(`bench run ended ${outcome}`);
    const calls = session.events.filter((e) => e.type === 'model.turn').length;
    const figures: OrchestrationFigures = {
      engine: ripgrep ? 'ripgrep' : 'in-process',
      tasks,
      calls,
      cpuMsPerCall: (used.user + used.system) / 1000 / calls,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      startRssMb: startRss / 1048576,
      wallMs,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await regex.dispose();
    await fs.rm(journal, { recursive: true, force: true });
  }
}

// Run as the bundled entry only, not when the bench imports the script builder.
if (process.argv[1]?.endsWith('orchestrate.js')) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
