/** Reading a journal's proposals back as texts: `proposal.updated` names them by hash (src/core/run/blobs.ts). */
import { proposalTexts, type ProposalText } from '../../src/core/run/blobs';
import type { RunEvent } from '../../src/core/run/events';
import { projectRun } from '../../src/core/run/reduce';

/** Every proposal of the task in journal order, each as its files' texts. */
export function proposalsOf(events: readonly RunEvent[], taskId: string): ProposalText[][] {
  const blobs = projectRun(events).blobs;
  return events.flatMap((e) => (e.type === 'proposal.updated' && e.taskId === taskId ? [proposalTexts(blobs, e)] : []));
}
