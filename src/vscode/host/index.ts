/**
 * Builds the services every part of the extension shares. Cheap on purpose: no file I/O, no
 * network, no core modules — the run host loads those on first need (see runHost.ts).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ApiKeys } from '../secrets';
import { createStatusBar } from '../statusBar';
import { announcePlanGate } from '../planGateNotice';
import { trackProgress } from '../progress';
import { watchTrust, workspaceTrust, type Trust } from '../trust';
import { SettingsReader } from './config';
import { hostLog, redactingLog } from './log';
import { noticeShower } from './notify';
import { type SquadHost, VscodeRunHost } from './runHost';
import { vscodePorts } from './vscodePorts';

export type { SquadHost } from './runHost';

/** Services plus what the host's commands need; extension.ts hands this to registerCommands. */
export interface SquadServices extends Services {
  readonly host: SquadHost;
  readonly settings: SettingsReader;
  readonly keys: ApiKeys;
  readonly trust: Trust;
  readonly notify: ReturnType<typeof noticeShower>;
  /**
   * createServices' own time, and an upper bound of activate()'s: from here to the first microtask
   * after it returned, which also counts the extension host's work right after activate().
   */
  readonly timings: { servicesMs?: number; activateMs?: number };
}

export function createServices(context: vscode.ExtensionContext): SquadServices {
  const started = performance.now();
  const keys = new ApiKeys(context.secrets);
  const log = redactingLog(vscode.window.createOutputChannel('Squad', { log: true }), (text) => keys.redact(text));
  const lines = hostLog(log);
  const notify = noticeShower((text) => keys.redact(text));
  const settings = new SettingsReader(lines, notify);
  const trust = workspaceTrust();
  let ports: ReturnType<typeof vscodePorts> | undefined;
  const host = new VscodeRunHost(() => (ports ??= vscodePorts({ context, log: lines, settings, keys, trust, notify, redact: (text) => keys.redact(text) })));
  context.subscriptions.push(log, host, createStatusBar(host, trust), trackProgress(host), announcePlanGate(host), watchTrust(trust, lines));
  const timings: { servicesMs?: number; activateMs?: number } = { servicesMs: performance.now() - started };
  // Runs once activate() and the other parts' synchronous registrations have returned.
  queueMicrotask(() => {
    timings.activateMs = performance.now() - started;
    log.info(`activated within ${timings.activateMs.toFixed(2)} ms (services: ${timings.servicesMs?.toFixed(2)} ms)`);
  });
  return { context, log, host, settings, keys, trust, notify, timings };
}
