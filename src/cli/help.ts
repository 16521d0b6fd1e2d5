/** The `squad --help` texts. Kept next to the options they describe (args.ts, config.ts). */
import { DEFAULT_ROLES } from '../core/plan/schema';
import { DEFAULT_PLAN_LIMITS } from '../core/plan/validate';
import { DEFAULT_MODELS, MAX_TASKS_LIMIT } from './config';

const PROVIDER_HELP = `Model options (every command):
  --provider openai|anthropic   Model provider (env SQUAD_PROVIDER; default openai).
  --base-url URL                An OpenAI-compatible server (Ollama, LM Studio, vLLM, OpenRouter)
                                or a proxy (env SQUAD_BASE_URL). With openai, no key is needed then.
  --model NAME                  Model of every role (env SQUAD_MODEL; default ${DEFAULT_MODELS.openai}
                                for openai, ${DEFAULT_MODELS.anthropic} for anthropic). Replaces any
                                SQUAD_MODEL_<ROLE> variables and agent files' models.
  --model-<role> NAME           Model of one role, e.g. --model-planner gpt-4.1
                                (env SQUAD_MODEL_<ROLE>, e.g. SQUAD_MODEL_PLANNER).
  --roles a,b,c                 The squad's roles (env SQUAD_ROLES; default ${DEFAULT_ROLES.join(',')}
                                plus the roles of .squad/agents/*.agent.md and .github/agents/*.agent.md).
  --max-tasks N                 Most tasks a plan may have, 1-${MAX_TASKS_LIMIT} (env SQUAD_MAX_TASKS; default ${DEFAULT_PLAN_LIMITS.maxTasks}).
  --journal DIR                 Where run journals go: a folder outside the workspace (default
                                $XDG_STATE_HOME/squad, else ~/.local/state/squad). Nothing is
                                written to the workspace.
  -h, --help                    Show help.

API keys come from the environment only: OPENAI_API_KEY, ANTHROPIC_API_KEY.
Flags win over environment variables.`;

export const MAIN_HELP = `squad: a planner and a small squad of AI agents for one feature request.

Usage:
  squad plan "<request>" [options]   Split a feature request into tasks for the squad.
  squad run "<request>" [options]    Plan, then let the agents propose changes (nothing is written
                                     unless --apply).
  squad apply RUN_ID [--task ID]...  Apply a finished run, or some of its tasks, later.
  squad rollback RUN_ID [--force]    Put back the files of the run's last apply.
  squad revise RUN_ID --task ID "…"  Request changes: the task's agent revises its proposal from
                                     your comment.
  squad attribute [--input FILE]...  Attribute each failure of a test run's output to the file
                                     (and task) most likely responsible. No model is called.
  squad help [command]               Show help.

${PROVIDER_HELP}

Exit codes: 0 success, 1 the run failed, 2 usage or configuration error.
`;

export const PLAN_HELP = `Usage: squad plan "<request>" [--workspace DIR] [--json] [model options]

Plans a feature for the workspace: the planner sees a summary of it (file tree, manifests,
frameworks, test command, never file contents) and answers with tasks for each role, with
their dependencies. Nothing in the workspace is changed.

Options:
  --workspace DIR   The project to plan for (default: the current folder).
  --json            Print one JSON object on stdout (runId, plan, usage); progress goes to stderr.

${PROVIDER_HELP}

Exit codes: 0 success, 1 the run failed (invalid plan, model error), 2 usage or configuration error
(including a model or request the provider refuses).
`;

export const RUN_HELP = `Usage: squad run "<request>" [--workspace DIR] [--concurrency N] [--json] [--apply]
                 [--test-cmd CMD] [--yes] [--max-fix-rounds N] [--test-timeout SECONDS]
                 [--allow-mcp SERVER] [--agent-tools ROLE=TOOL,...] [--budget 200k] [--budget '$1.50']
       squad run --resume RUN_ID [--journal DIR] [options]

Plans the feature, then runs one agent per task: a task starts as soon as the tasks it depends
on have proposed their changes, up to N at once. Agents read the workspace through tools and
propose changes; the result is each agent's diff. Nothing is written to the workspace unless
--apply is given.

Options:
  --workspace DIR     The project (default: the current folder).
  --concurrency N     Most agents working at once, 1-32 (default 4).
  --apply             Write the run to the workspace when it completed (every task proposed) and
                      its tests passed or were not configured; otherwise write nothing and say
                      why. All or nothing, after a checkpoint (squad rollback RUN_ID undoes it);
                      files you edited meanwhile are merged, or the whole apply stops.
  --resume RUN_ID     Continue a run that stopped (killed, cancelled, or incomplete): finished
                      tasks and recorded model turns are not paid for again; failed tasks get a
                      new attempt; interrupted test rounds run again. One process per run.
  --json              Print one JSON object on stdout (runId, status, plan, tasks with their
                      diffs, usage, tests); progress goes to stderr.
  --budget N          The run's budget: tokens (200k, 1.5m) or dollars ('$1.50', counted where the
                      model's price is known); give both as two flags. Before each model call, a
                      call that would cross it is not sent: on a terminal you are asked (continue,
                      raise, stop); otherwise the run stops there, resumably, and prints the
                      --resume command with a larger budget. The plan's estimate is printed under it.

Tests: after the agents have proposed, the project's tests run on the workspace plus the
proposed changes, in a scratch copy (never in your working tree). Each failure is traced to
the file that caused it and sent back to the agent whose change touched that file; the
agent revises, and the tests run again, up to N rounds. The command is detected from the
workspace (package.json, jest/vitest/mocha/node:test, pytest, go.mod) and runs only once you
approved it for this workspace.
  --test-cmd CMD      The test command (instead of the detected one).
  -y, --yes           Allow the test command and the files that define what it runs (package.json
                      scripts, runner configs): remembered for the workspace while the sandbox is
                      on, for this run only without one. Without it, an unapproved command is
                      shown and not run, and a run whose proposals change those files stops
                      before testing them, showing the diff.
  --allow-net LIST    Let the sandboxed tests reach these host:port endpoints (e.g.
                      localhost:5432,db.internal:5432), or "all". Default: no network but the
                      sandbox's own loopback.
  --max-fix-rounds N  Fix rounds after the first test run, 0-10 (default 3).
  --test-timeout S    Seconds before a test run is killed with its whole process tree (default 600).

MCP tools: the stdio servers of the workspace's .vscode/mcp.json (the file VS Code reads) give
agents more tools. A server starts only once approved for the workspace, and only when a role
of the plan is granted one of its tools; by default no role is. Results are scrubbed of
secrets, cut to 16 KB, given to the model as data, and journaled (a resume does not call again).
  --allow-mcp SERVER  Approve this server of .vscode/mcp.json (or "all"): remembered for the
                      workspace until its command, arguments or env names change. Repeatable.
  --agent-tools R=T   Grant role R these tools (comma-separated): server/tool, server/* or the
                      model-facing name mcp__server__tool. Repeatable. A role's agent file
                      (.squad/agents/R.agent.md) can grant them in its "tools" list too.

${PROVIDER_HELP}

Exit codes: 0 every task proposed its changes (and the tests pass, when they ran), 1 the run
failed, some tasks did not finish or tests still fail,
2 usage or configuration error (including a model or request the provider refuses).
`;

export const ATTRIBUTE_HELP = `Usage: squad attribute [--workspace DIR] [--input FILE]... [--changes FILE] [--json]

Reads a test run's output (from stdin, or from each --input file), recognises the format
(jest, vitest, mocha, node:test, JUnit XML, pytest, go test; console output or JSON/XML reports)
and names, for each failing test, the workspace file most likely responsible: the innermost
stack frame in a changed source file, else the changed files the test imports (for Go, its
package), else the test file. No model is called; no provider options are needed.

Options:
  --workspace DIR   The project the tests ran on (default: the current folder). Paths in the
                    output may be absolute paths of another copy: they are matched by suffix.
  --input FILE      A file with test output or a JSON/XML report; repeat for several.
  --changes FILE    JSON mapping workspace paths to the tasks that changed them, e.g.
                    {"src/db/users.ts": "t1"} or {"src/db/users.ts": {"taskId": "t1",
                    "changedLines": [12, 13]}}. Without it every file counts as unchanged.
  --json            Print one JSON object (format, passed, failed, failures with test,
                    testFile, file, line, confidence, taskId, kind, reason).
  -h, --help        Show help.

Exit codes: 0 the output was read (even when tests failed), 2 usage error (unreadable input,
bad --changes file).
`;

export const APPLY_HELP = `Usage: squad apply RUN_ID [--task ID]... [--test [--yes] [--test-cmd CMD]] [--workspace DIR] [--journal DIR] [--json]

Applies a run's proposals to the workspace later: the whole run (every task must have proposed),
or the tasks named with --task. The same apply as run --apply: a checkpoint first, then all files
or none; a file you edited since the agents read it is merged three-way, or the apply stops and
names the file and lines. Undo with squad rollback RUN_ID.

It warns when a chosen task depends on one you left out, and when the run's tests ran on all
proposals but you apply a different selection. --test runs the approved test command on exactly
the chosen selection first (a scratch copy, in the sandbox) and applies only when it passes;
--yes, --test-cmd, --test-timeout and --allow-net mean what they mean for squad run.

Exit codes: 0 applied, 1 nothing was applied (the reason is printed), 2 usage error, or the run
is being worked on by another squad process.
`;

export const ROLLBACK_HELP = `Usage: squad rollback [--workspace DIR] [--journal DIR]
       squad rollback CHECKPOINT_ID|RUN_ID [--force] [--workspace DIR] [--journal DIR]

Without an id: lists the workspace's applies that can be rolled back, newest first (checkpoint id,
time, the run's request, files). With a checkpoint id: puts every file of that apply back exactly
as it was before (bytes), all or nothing, and removes its checkpoint; with a run id: that run's
last apply. Any kept apply can be rolled back, not only the last; one whose files a later apply
also changed is refused until that later apply is rolled back. Files changed since the apply
otherwise are only replaced with --force.

Exit codes: 0 rolled back, 1 nothing was rolled back (the reason is printed), 2 usage error.
`;

export const REVISE_HELP = `Usage: squad revise RUN_ID --task ID [--file PATH] "<what should change>" [--budget 200k] [--workspace DIR] [--journal DIR] [--json]

Request changes: your comment goes to the task's agent with its own proposal (and the file you
name), and it revises in a round of its own; the files it changes go back to undecided. Tasks
built on it that had already proposed are told; a direct dependent gets one short round with the
new diff (it adapts or confirms unchanged). Prints the run's proposals as squad run does. Nothing
is written to the workspace; the tests do not run again. --budget holds the revision's model calls
to the run's budget, as squad run's does (a stopped revision is finished by squad run --resume).

Exit codes: 0 the task revised, 1 its round failed, 2 usage error (no such run or task, a task
with no proposal to revise), or the run is being worked on by another squad process.
`;

export const COMMAND_HELP: Readonly<Record<string, string>> = { plan: PLAN_HELP, run: RUN_HELP, apply: APPLY_HELP, rollback: ROLLBACK_HELP, attribute: ATTRIBUTE_HELP, revise: REVISE_HELP };
