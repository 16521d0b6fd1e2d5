/**
 * A RunController as the extension builds it, minus VS Code: a real temp workspace, a real journal
 * in a temp "workspace storage" folder, the real OpenAI adapter against the scripted model server
 * (provider openai with squad.baseUrl, so no key), and ports whose answers the test sets: trust,
 * the test-command question, settings. Everything the host says is recorded.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createModelRouter } from '../../../../src/core/llm/roleModels';
import type { RunEvent } from '../../../../src/core/run/events';
import { RunController } from '../../../../src/vscode/host/controller';
import type { Notice } from '../../../../src/vscode/host/errorActions';
import { keyedModelConfig, usesKey } from '../../../../src/vscode/host/modelConfig';
import type { HostPorts } from '../../../../src/vscode/host/ports';
import type { ExternalToolSource } from '../../../../src/core/mcp/externalTools';
import type { TestApprovalRequest } from '../../../../src/core/testing/authority';
import { cliApplyPorts, cliCheckpointStore } from '../../../../src/cli/applyPorts';
import { parseSettingsObject } from '../../../../src/vscode/settings';
import type { ScriptedServer } from '../../../support/scriptedServer';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

export interface HostFixture {
  readonly root: string;
  readonly storageDir: string;
  readonly notices: Notice[];
  readonly lines: string[];
  readonly asked: TestApprovalRequest[];
  readonly events: RunEvent[];
  /** How many applies the host made on its own (apply-when-tests-pass), through the disk ports. */
  applied: number;
  /** `squad.*` values (without the prefix); read on every settings() call. */
  readonly settings: Record<string, unknown>;
  trusted: boolean;
  /** False: no workspace folder is open. */
  folderOpen: boolean;
  /** The answer to the test-command question (given right after it is asked, as the sidebar would). */
  allowTests: boolean;
  /** When set, model resolution throws it (e.g. a missing key). */
  modelError?: Error;
  /** The tools VS Code would offer (`vscode.lm.tools`); absent: none. */
  externalTools?: ExternalToolSource;
  /** The questions the host asked (`confirm`), and how the user answers them (default: the first choice). */
  readonly confirmed: { readonly message: string; readonly choices: readonly string[] }[];
  answer: (message: string, choices: readonly string[]) => string | undefined;
  readonly controller: RunController;
  /** A second controller over the same storage and workspace, as after a window reload. */
  reload(): RunController;
  dispose(): Promise<void>;
}

export async function hostFixture(server: ScriptedServer, files: Record<string, string>, settings: Record<string, unknown> = {}): Promise<HostFixture> {
  const ws = await makeTempWorkspace(files);
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-wsstorage-'));
  const controllers: RunController[] = [];
  const fixture: HostFixture = {
    root: ws.root,
    storageDir,
    notices: [],
    lines: [],
    asked: [],
    events: [],
    applied: 0,
    settings: { provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'scripted', ...settings },
    trusted: true,
    folderOpen: true,
    allowTests: true,
    confirmed: [],
    answer: (_message, choices) => choices[0],
    controller: undefined as unknown as RunController,
    reload: () => make(),
    async dispose() {
      for (const c of controllers) c.dispose();
      await fs.rm(storageDir, { recursive: true, force: true });
      await ws.dispose();
    },
  };
  const ports: HostPorts = {
    root: () => (fixture.folderOpen ? ws.root : undefined),
    storageDir: () => (fixture.folderOpen ? storageDir : undefined),
    settings: () => parseSettingsObject(fixture.settings).settings,
    models: async (settings, _roles, fileModels) => {
      if (fixture.modelError) throw fixture.modelError;
      if (!usesKey(settings)) throw new Error('the harness speaks openai only');
      const config = keyedModelConfig(settings, undefined, undefined, fileModels);
      return createModelRouter({ ...config.base, maxRetries: 0 }, config.map);
    },
    isTrusted: () => fixture.trusted,
    externalTools: () => fixture.externalTools,
    askTests: (q, answer) => {
      fixture.asked.push(q);
      const allow = fixture.allowTests;
      setImmediate(() => answer(allow ? 'workspace' : 'deny'));
    },
    applyPorts: () => {
      const ports = cliApplyPorts(ws.root, cliCheckpointStore(storageDir, ws.root));
      return {
        ...ports,
        write: async (writes, now) => {
          await ports.write(writes, now);
          fixture.applied++;
        },
      };
    },
    log: {
      info: (l) => fixture.lines.push(l),
      warn: (l) => fixture.lines.push(`WARN ${l}`),
      error: (l) => fixture.lines.push(`ERROR ${l}`),
    },
    notify: (n) => fixture.notices.push(n),
    confirm: async (message, choices) => {
      fixture.confirmed.push({ message, choices });
      return fixture.answer(message, choices);
    },
    env: process.env,
  };
  function make(): RunController {
    const c = new RunController(ports);
    c.onDidEvent(({ event }) => fixture.events.push(event));
    controllers.push(c);
    return c;
  }
  (fixture as { controller: RunController }).controller = make();
  return fixture;
}

export function eventTypes(events: readonly RunEvent[]): string[] {
  return events.map((e) => e.type);
}

export function noticeText(fixture: HostFixture): string {
  return fixture.notices.map((n) => `${n.severity}: ${n.message} [${(n.actions ?? []).map((a) => a.command).join(', ')}]`).join('\n');
}
