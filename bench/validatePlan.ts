/**
 * How long validating a large plan takes: a 1,000-task DAG with several dependencies per task,
 * validated repeatedly after a warm-up. Run directly with `node --import tsx bench/validatePlan.ts`;
 * `npm run bench` imports `benchValidatePlan`.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_ROLES } from '../src/core/plan/schema';
import { validatePlan } from '../src/core/plan/validate';

const TASKS = 1000;
const WARMUP_RUNS = 10;
const MEASURED_RUNS = 50;

export function benchValidatePlan(): { tasks: number; medianMs: number; p95Ms: number } {
  const plan = buildPlan(TASKS);
  const limits = { roles: DEFAULT_ROLES, maxTasks: TASKS };
  for (let i = 0; i < WARMUP_RUNS; i++) validatePlan(plan, limits);
  const times: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = performance.now();
    validatePlan(plan, limits);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { tasks: TASKS, medianMs: round(percentile(times, 0.5)), p95Ms: round(percentile(times, 0.95)) };
}

/** Deterministic (seeded) layered DAG: each task depends on 1–4 tasks from the few layers before it. */
function buildPlan(count: number): unknown {
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const tasks = [];
  for (let i = 0; i < count; i++) {
    const dependsOn = new Set<string>();
    const wanted = i === 0 ? 0 : 1 + Math.floor(random() * 4);
    for (let d = 0; d < wanted; d++) dependsOn.add(`task-${Math.max(0, i - 1 - Math.floor(random() * 40))}`);
    tasks.push({
      id: `task-${i}`,
      role: DEFAULT_ROLES[i % DEFAULT_ROLES.length],
      title: `Implement part ${i} of the feature`,
      description: `Change the module for part ${i}, keep the public API stable and add tests for the new behaviour.`,
      dependsOn: [...dependsOn],
      files: [`src/part${i}/index.ts`, `src/part${i}/part${i}.test.ts`],
    });
  }
  return { summary: 'A very large refactoring, split into many small tasks.', tasks };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = benchValidatePlan();
  console.log(`validatePlan: ${result.tasks} tasks, median ${result.medianMs} ms, p95 ${result.p95Ms} ms`);
}
