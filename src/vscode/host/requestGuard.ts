/**
 * What a new feature request would silently throw away, asked before it does: a plan that waits
 * at the gate, or accepted changes not applied yet. And the request Squad had to refuse (no API
 * key, a run working), kept with its text so it can be sent once the problem is gone. Pure: the
 * controller asks and notifies through its ports.
 */
import { unappliedAcceptedHunks } from '../../core/review/unapplied';
import { oneLine } from '../../core/common/text';
import type { RunState } from '../../core/run/reduce';
import type { Notice } from './errorActions';
import { waitsAtGate } from './runList';

export const REPLACE_CHOICE = 'Replace';
export const KEEP_CHOICE = 'Keep Current';

/** The question to ask before `request` replaces the active run, or undefined when nothing would be lost. */
export function replaceQuestion(state: RunState | undefined, request: string): string | undefined {
  if (!state) return undefined;
  const lost: string[] = [];
  if (waitsAtGate(state)) lost.push('a plan waits for your approval');
  const unapplied = unappliedAcceptedHunks(state);
  if (unapplied > 0) lost.push(`${unapplied === 1 ? '1 accepted change is' : `${unapplied} accepted changes are`} not applied yet`);
  if (lost.length === 0) return undefined;
  return `${capitalize(lost.join(', and '))}. Replace that run with the new request "${quote(request)}"? The current run stays in its journal (Resume Run).`;
}

/** Why a request was kept instead of sent: it is offered again when that is over. */
export type PendingReason = 'missing-key' | 'busy';

export interface PendingRequest {
  readonly text: string;
  /** What the request waits for; undefined once it was offered (the text is still kept for the next ask). */
  readonly waitsFor: PendingReason | undefined;
}

/** The offer to send a kept request, as a notification whose button sends it. */
export function sendOffer(pending: PendingRequest, why: string): Notice {
  return {
    severity: 'info',
    message: `Squad: ${why} Send your request "${quote(pending.text)}" now?`,
    actions: [{ title: 'Send Request', command: 'squad.requestFeature', args: [pending.text] }],
  };
}

/** A request as a short quote for one line of a notification. */
export function quote(request: string): string {
  return oneLine(request, 60);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
