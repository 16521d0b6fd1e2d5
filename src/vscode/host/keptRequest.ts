/**
 * The request Squad could not start — no key, a run working, the user kept the current run —
 * kept with its text (the Request Feature box is filled with it) and offered again once what it
 * waited for is over. Never thrown away.
 */
import { errorNotice, type Notice, CANCEL_RUN, SET_API_KEY } from './errorActions';
import type { HostLog } from './ports';
import { type PendingReason, type PendingRequest, quote, sendOffer } from './requestGuard';

export class KeptRequest {
  private kept: PendingRequest | undefined;

  constructor(private readonly notify: (notice: Notice) => void, private readonly log: HostLog) {}

  get text(): string | undefined {
    return this.kept?.text;
  }

  /** Kept while the user is asked whether it may replace the current run. */
  holdWhileAsking(text: string): void {
    this.kept = { text, waitsFor: undefined };
  }

  /** A run of it started: nothing is kept any more. */
  started(): void {
    this.kept = undefined;
  }

  keepWhileBusy(text: string): void {
    this.kept = { text, waitsFor: 'busy' };
    this.notify({
      severity: 'info',
      message: `Squad: A Squad run is already working. Your request "${quote(text)}" is kept: Squad offers to send it when the run stops. Cancel the run to send it sooner.`,
      actions: [CANCEL_RUN],
    });
  }

  /** Refused for the missing key: it waits for Set API Key. */
  keepForKey(text: string, err: unknown): void {
    this.kept = { text, waitsFor: 'missing-key' };
    const notice = errorNotice(err);
    this.log.error(notice.message);
    this.notify({ ...notice, message: `${notice.message} Your request is kept: once the key is set, Squad offers to send it.`, actions: [SET_API_KEY] });
  }

  /** Offers it again when it waited for `reason`; returns whether it did. */
  offerIf(reason: PendingReason, why: string): boolean {
    const kept = this.kept;
    if (kept?.waitsFor !== reason) return false;
    this.kept = { text: kept.text, waitsFor: undefined };
    this.notify(sendOffer(kept, why));
    return true;
  }
}
