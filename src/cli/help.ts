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
                                SQUAD_MODEL_<ROLE> variables.
  --model-<role> NAME           Model of one role, e.g. --model-planner gpt-4.1
                                (env SQUAD_MODEL_<ROLE>, e.g. SQUAD_MODEL_PLANNER).
  --roles a,b,c                 The squad's roles (env SQUAD_ROLES; default ${DEFAULT_ROLES.join(',')}).
  --max-tasks N                 Most tasks a plan may have, 1-${MAX_TASKS_LIMIT} (env SQUAD_MAX_TASKS; default ${DEFAULT_PLAN_LIMITS.maxTasks}).
  --journal DIR                 Where run journals go (default $XDG_STATE_HOME/squad,
                                else ~/.local/state/squad). Nothing is written to the workspace.
  -h, --help                    Show help.

API keys come from the environment only: OPENAI_API_KEY, ANTHROPIC_API_KEY.
Flags win over environment variables.`;

export const MAIN_HELP = `squad: a planner and a small squad of AI agents for one feature request.

Usage:
  squad plan "<request>" [options]   Split a feature request into tasks for the squad.
  squad run "<request>" [options]    Plan, then let the agents propose changes (nothing is written
                                     unless --apply).
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

Exit codes: 0 success, 1 the run failed (invalid plan, model error), 2 usage or configuration error.
`;

export const RUN_HELP = `Usage: squad run "<request>" [--workspace DIR] [--concurrency N] [--json] [--apply]
                 [--test-cmd CMD] [--yes] [--max-fix-rounds N] [--test-timeout SECONDS]
       squad run --resume RUN_ID [--journal DIR] [options]

Plans the feature, then runs one agent per task: a task starts as soon as the tasks it depends
on have proposed their changes, up to N at once. Agents read the workspace through tools and
propose changes; the result is each agent's diff. Nothing is written to the workspace unless
--apply is given.

Options:
  --workspace DIR     The project (default: the current folder).
  --concurrency N     Most agents working at once, 1-32 (default 4).
  --apply             Write every proposed change to the workspace (files changed on disk since
                      the agents read them are skipped, never overwritten).
  --resume RUN_ID     Continue a run whose process stopped: finished tasks and recorded model
                      turns are not repeated or paid for again.
  --json              Print one JSON object on stdout (runId, status, plan, tasks with their
                      diffs, usage, tests); progress goes to stderr.

Tests: after the agents have proposed, the project's tests run on the workspace plus the
proposed changes, in a scratch copy (never in your working tree). Each failure is traced to
the file that caused it and sent back to the agent whose change touched that file; the
agent revises, and the tests run again, up to N rounds. The command is detected from the
workspace (package.json, jest/vitest/mocha/node:test, pytest, go.mod) and runs only once you
approved it for this workspace.
  --test-cmd CMD      The test command (instead of the detected one).
  -y, --yes           Approve the test command for this workspace (remembered for that exact
                      command). Without it, an unapproved command is shown and not run.
  --max-fix-rounds N  Fix rounds after the first test run, 0-10 (default 3).
  --test-timeout S    Seconds before a test run is killed with its whole process tree (default 600).

${PROVIDER_HELP}

Exit codes: 0 every task proposed its changes (and the tests pass, when they ran), 1 the run
failed, some tasks did not finish or tests still fail,
2 usage or configuration error.
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

export const COMMAND_HELP: Readonly<Record<string, string>> = { plan: PLAN_HELP, run: RUN_HELP, attribute: ATTRIBUTE_HELP };
