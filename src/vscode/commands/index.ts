/**
 * Registers the host's commands (the review part registers accept/reject/apply/roll back/review).
 * Every handler runs guarded: an unexpected error becomes a notification with Open Run Log,
 * never an unhandled rejection.
 */
import * as vscode from 'vscode';
import type { SquadServices } from '../host';
import { errorNotice } from '../host/errorActions';
import { approvePlan } from './approvePlan';
import { cancelRun } from './cancelRun';
import { chooseModels } from './chooseModels';
import { openRunLog } from './openRunLog';
import { requestFeature } from './requestFeature';
import { requestChanges } from './requestChanges';
import { resumeRun } from './resumeRun';
import { setApiKey } from './setApiKey';
import { registerPlanDocument, showPlan } from './showPlan';

export const HOST_COMMANDS = {
  'squad.requestFeature': requestFeature,
  'squad.showPlan': showPlan,
  'squad.approvePlan': approvePlan,
  'squad.cancelRun': cancelRun,
  'squad.setApiKey': setApiKey,
  'squad.chooseModels': chooseModels,
  'squad.openRunLog': openRunLog,
  'squad.resumeRun': resumeRun,
  'squad.requestChanges': requestChanges,
} as const satisfies Record<string, (services: SquadServices) => (...args: never[]) => Promise<void>>;

/** Internal (hidden from the palette by its leading underscore): for the extension-host tests. */
export const HOST_TEST_INFO = '_squad.host.testInfo';

export interface HostTestInfo {
  readonly storageDir: string | undefined;
  readonly runId: string | undefined;
  readonly status: string | undefined;
  readonly phase: string | undefined;
  readonly busy: boolean;
  readonly trusted: boolean;
  readonly runs: number;
  readonly activateMs: number | undefined;
  readonly servicesMs: number | undefined;
}

export function registerCommands(services: SquadServices): void {
  const { subscriptions } = services.context;
  subscriptions.push(registerPlanDocument(services));
  subscriptions.push(
    vscode.commands.registerCommand(HOST_TEST_INFO, async (): Promise<HostTestInfo> => {
      const runs = (await services.host.listRuns()).length;
      const state = services.host.peek();
      return {
        storageDir: services.context.storageUri?.fsPath,
        runId: state?.runId,
        status: state?.status,
        phase: services.host.phase,
        busy: services.host.busy,
        trusted: services.trust.isTrusted(),
        runs,
        activateMs: services.timings.activateMs,
        servicesMs: services.timings.servicesMs,
      };
    }),
  );
  for (const [id, make] of Object.entries(HOST_COMMANDS)) {
    const handler = make(services);
    subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await handler(...args);
        } catch (err) {
          services.log.error(`${id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          services.notify(errorNotice(err));
        }
      }),
    );
  }
}
