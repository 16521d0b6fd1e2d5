/**
 * Which action fixes an error, as a notification button: a missing key → Set API Key, an invalid
 * setting → Open Settings, a model error → Open Run Log. Pure: the buttons are command ids.
 */
import { isSquadError } from '../../core/common/errors';

export interface NoticeAction {
  readonly title: string;
  readonly command: string;
  readonly args?: readonly unknown[];
}

export interface Notice {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly actions?: readonly NoticeAction[];
}

export const SET_API_KEY: NoticeAction = { title: 'Set API Key', command: 'squad.setApiKey' };
export const OPEN_RUN_LOG: NoticeAction = { title: 'Open Run Log', command: 'squad.openRunLog' };
export const RESUME_RUN: NoticeAction = { title: 'Resume Run', command: 'squad.resumeRun' };
export const APPROVE_PLAN: NoticeAction = { title: 'Approve Plan', command: 'squad.approvePlan' };
export const SHOW_PLAN: NoticeAction = { title: 'Show Plan', command: 'squad.showPlan' };
export const CANCEL_RUN: NoticeAction = { title: 'Cancel Run', command: 'squad.cancelRun' };
export const REQUEST_FEATURE: NoticeAction = { title: 'Request Feature', command: 'squad.requestFeature' };
export const REVIEW_CHANGES: NoticeAction = { title: 'Review Changes', command: 'squad.reviewChanges' };
export const MANAGE_TRUST: NoticeAction = { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' };

export function openSettings(setting = '@ext:squad-dev.squad'): NoticeAction {
  return { title: 'Open Settings', command: 'workbench.action.openSettings', args: [setting] };
}

export function actionsForCode(code: string): NoticeAction[] {
  if (code === 'config/missing_key') return [SET_API_KEY];
  if (code === 'config/invalid') return [openSettings(), OPEN_RUN_LOG];
  if (code === 'llm/auth') return [SET_API_KEY, OPEN_RUN_LOG];
  if (code === 'cancelled') return [];
  return [OPEN_RUN_LOG];
}

export function errorNotice(err: unknown, context?: string): Notice {
  const code = isSquadError(err) ? err.code : 'internal';
  const message = err instanceof Error ? err.message : String(err);
  return { severity: 'error', message: `Squad: ${context ? `${context}: ` : ''}${message}`, actions: actionsForCode(code) };
}
