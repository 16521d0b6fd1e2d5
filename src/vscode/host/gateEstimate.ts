/**
 * The plan gate's estimate, made again after every edit there (an edit clears the old one). What
 * earlier runs used is read once per run: the other journals do not change while a plan waits.
 */
import type { RoleHistory } from '../../core/budget/estimate';
import { estimatePlanInto, historyBeside } from '../../core/budget/runEstimate';
import type { ChatModel } from '../../core/llm/chatModel';
import type { Price } from '../../core/llm/usage';
import type { Storage } from '../../core/ports';
import type { RunSession } from '../../core/run/session';

export class GateEstimate {
  private read: { runId: string; history: RoleHistory } | undefined;

  async refresh(session: RunSession, storage: Storage, modelFor: (role: string) => ChatModel, prices?: Record<string, Price>): Promise<void> {
    if (this.read?.runId !== session.runId) this.read = { runId: session.runId, history: await historyBeside(session, storage) };
    await estimatePlanInto(session, storage, modelFor, prices, this.read.history);
  }
}
