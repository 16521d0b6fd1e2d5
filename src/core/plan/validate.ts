/**
 * Plan validation on top of the zod schema: the DAG rules (unique ids, known roles, existing
 * dependencies, no cycles, a task count within limits). Problems are phrased for the planner
 * model, which gets them back verbatim and must be able to fix the plan from them alone.
 * Everything here is linear in tasks + dependencies and iterative, so deep chains are safe.
 */
import type { z } from 'zod';
import { SquadError } from '../common/errors';
import { DEFAULT_ROLES, PlanSchema, TaskSchema, type Plan, type Task } from './schema';

export interface PlanLimits {
  readonly roles: readonly string[];
  readonly maxTasks: number;
  /** What the planner is told each role does (agent files' descriptions and owned globs); else the built-in words. */
  readonly roleDescriptions?: Readonly<Record<string, string>>;
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = { roles: DEFAULT_ROLES, maxTasks: 30 };

/** Every problem of `input` as a plan, one sentence each; empty when it is a valid plan. */
export function planProblems(input: unknown, limits: PlanLimits = DEFAULT_PLAN_LIMITS): string[] {
  return check(input, limits).problems;
}

/** The parsed plan, or SquadError('plan/invalid') with every problem in `details`. */
export function validatePlan(input: unknown, limits: PlanLimits = DEFAULT_PLAN_LIMITS): Plan {
  const { plan, problems } = check(input, limits);
  if (plan === undefined || problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new SquadError('plan/invalid', `The plan is invalid (${count}): ${problems[0] ?? 'unknown'}`, {
      details: problems,
    });
  }
  return plan;
}

/** Task ids with every task after all of its dependencies; plan order where the DAG allows. */
export function topologicalOrder(plan: Plan): string[] {
  const graph = graphOf(plan.tasks);
  return orderOf(graph).map((i) => graph.ids[i]!);
}

/**
 * The largest total cost along one dependency chain: the least time the plan needs with
 * unlimited parallelism. `cost` defaults to 1 per task (the chain length).
 */
export function criticalPathLength(plan: Plan, cost: (task: Task) => number = () => 1): number {
  const graph = graphOf(plan.tasks);
  const finish = new Float64Array(graph.ids.length);
  let longest = 0;
  for (const i of orderOf(graph)) {
    let start = 0;
    for (const d of graph.deps[i]!) start = Math.max(start, finish[d]!);
    finish[i] = start + cost(plan.tasks[i]!);
    longest = Math.max(longest, finish[i]);
  }
  return longest;
}

// ---------------------------------------------------------------------------------------------

interface Graph {
  readonly ids: readonly string[];
  /** deps[i]: indexes of the tasks task i depends on (existing, not itself, no repeats). */
  readonly deps: readonly (readonly number[])[];
}

function check(input: unknown, limits: PlanLimits): { plan?: Plan; problems: string[] } {
  const parsed = PlanSchema.safeParse(input);
  if (parsed.success) {
    const problems = countProblems(parsed.data.tasks.length, limits);
    problems.push(...graphProblems(parsed.data.tasks, limits));
    return { plan: parsed.data, problems };
  }
  const problems = parsed.error.issues.map((issue) => describeIssue(issue, input));
  // Still report the DAG problems among the tasks that are well-formed, so the model can fix
  // everything in one round trip instead of one class of mistakes per attempt.
  const rawTasks = isRecord(input) && Array.isArray(input.tasks) ? (input.tasks as unknown[]) : undefined;
  if (rawTasks !== undefined) {
    problems.push(...countProblems(rawTasks.length, limits));
    const wellFormed: Task[] = [];
    for (const raw of rawTasks) {
      const task = TaskSchema.safeParse(raw);
      if (task.success) wellFormed.push(task.data);
    }
    problems.push(...graphProblems(wellFormed, limits));
  }
  return { problems };
}

function countProblems(count: number, limits: PlanLimits): string[] {
  if (count < 1) return ['the plan has no tasks; it needs at least 1'];
  if (count > limits.maxTasks) {
    return [`the plan has ${count} tasks; at most ${limits.maxTasks} are allowed, so merge related work`];
  }
  return [];
}

function graphProblems(tasks: readonly Task[], limits: PlanLimits): string[] {
  const problems: string[] = [];
  const positions = new Map<string, number[]>();
  tasks.forEach((task, i) => {
    const seen = positions.get(task.id);
    if (seen) seen.push(i);
    else positions.set(task.id, [i]);
  });
  for (const [id, at] of positions) {
    if (at.length > 1) problems.push(`task id "${id}" is used by ${at.length} tasks; every task needs its own id`);
  }
  const roles = new Set(limits.roles);
  for (const task of tasks) {
    if (!roles.has(task.role)) {
      problems.push(`task "${task.id}" has unknown role "${task.role}"; allowed roles are: ${limits.roles.join(', ')}`);
    }
    for (const dep of new Set(task.dependsOn)) {
      if (dep === task.id) problems.push(`task "${task.id}" depends on itself`);
      else if (!positions.has(dep)) problems.push(`task "${task.id}" depends on "${dep}", but no task has that id`);
    }
  }
  for (const cycle of findCycles(buildGraph(tasks))) {
    problems.push(`cycle: ${cycle.join(' → ')} → ${cycle[0]} (each task depends on the next)`);
  }
  return problems;
}

/** Edges to unknown ids and self-edges are left out (they are reported on their own). */
function buildGraph(tasks: readonly Task[]): Graph {
  const index = new Map<string, number>();
  tasks.forEach((task, i) => {
    if (!index.has(task.id)) index.set(task.id, i);
  });
  const deps = tasks.map((task, i) => {
    const out: number[] = [];
    for (const dep of task.dependsOn) {
      const d = index.get(dep);
      if (d !== undefined && d !== i && !out.includes(d)) out.push(d);
    }
    return out;
  });
  return { ids: tasks.map((t) => t.id), deps };
}

/** The graph of a plan that must already be valid; throws plan/invalid otherwise. */
function graphOf(tasks: readonly Task[]): Graph {
  const problems = graphProblems(tasks, { roles: tasks.map((t) => t.role), maxTasks: Infinity });
  if (problems.length > 0) {
    throw new SquadError('plan/invalid', `The plan is not a valid task graph: ${problems[0]}`, { details: problems });
  }
  return buildGraph(tasks);
}

/** Iterative depth-first post-order, visiting tasks and dependencies in their listed order. */
function orderOf(graph: Graph): number[] {
  const n = graph.ids.length;
  const done = new Uint8Array(n);
  const order: number[] = [];
  const stack: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < n; root++) {
    if (done[root]) continue;
    stack.push(root);
    next.push(0);
    done[root] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const v = stack[top]!;
      const deps = graph.deps[v]!;
      const e = next[top]!;
      if (e < deps.length) {
        next[top] = e + 1;
        const w = deps[e]!;
        if (!done[w]) {
          done[w] = 1;
          stack.push(w);
          next.push(0);
        }
      } else {
        order.push(v);
        stack.pop();
        next.pop();
      }
    }
  }
  return order; // graphOf has ruled out cycles, so "visited" is enough here
}

/**
 * One cycle per strongly connected component (Tarjan, iterative), each named from its first
 * task in plan order along the shortest way back, so the message is short and stable.
 */
function findCycles(graph: Graph): string[][] {
  const n = graph.ids.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const sccStack: number[] = [];
  const frames: number[] = [];
  const edge: number[] = [];
  const cyclic: number[][] = [];
  let counter = 0;
  const enter = (v: number): void => {
    index[v] = low[v] = counter++;
    sccStack.push(v);
    onStack[v] = 1;
    frames.push(v);
    edge.push(0);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    enter(root);
    while (frames.length > 0) {
      const top = frames.length - 1;
      const v = frames[top]!;
      const deps = graph.deps[v]!;
      const e = edge[top]!;
      if (e < deps.length) {
        edge[top] = e + 1;
        const w = deps[e]!;
        if (index[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frames.pop();
      edge.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const members: number[] = [];
      let w: number;
      do {
        w = sccStack.pop()!;
        onStack[w] = 0;
        component[w] = cyclic.length;
        members.push(w);
      } while (w !== v);
      if (members.length > 1) cyclic.push(members);
      else component[v] = -1;
    }
  }
  return cyclic
    .map((members, c) => ({ c, start: members.reduce((a, b) => Math.min(a, b)) }))
    .sort((a, b) => a.start - b.start)
    .map(({ c, start }) => shortestCycle(graph, component, c, start));
}

/** Breadth-first from `start` inside its component until an edge leads back to `start`. */
function shortestCycle(graph: Graph, component: Int32Array, c: number, start: number): string[] {
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of graph.deps[v]!) {
      if (w === start) {
        const path: number[] = [];
        for (let u = v; u !== -1; u = parent.get(u)!) path.push(u);
        return path.reverse().map((i) => graph.ids[i]!);
      }
      if (component[w] === c && !parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [graph.ids[start]!]; // unreachable: every member of a component lies on a cycle
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path, input);
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return `${where} is missing (expected ${issue.expected})`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) {
    return `${where} must not be empty`;
  }
  return `${where}: ${issue.message}`;
}

/** `tasks[2].title (task "api")`: the index and, when it has one, the id of the task concerned. */
function formatPath(path: readonly PropertyKey[], input: unknown): string {
  if (path.length === 0) return 'the plan';
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  if (path[0] === 'tasks' && typeof path[1] === 'number' && isRecord(input) && Array.isArray(input.tasks)) {
    const task: unknown = input.tasks[path[1]];
    if (isRecord(task) && typeof task.id === 'string' && task.id !== '' && path[2] !== 'id') {
      text += ` (task "${task.id}")`;
    }
  }
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
