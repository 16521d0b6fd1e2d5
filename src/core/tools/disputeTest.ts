import { z } from 'zod';
import { defineTool } from './defineTool';

/**
 * In a fix round, the implementation's owner may say that a failing test written in this run
 * contradicts its task instead of bending its code (or the test) to pass it. The failure then
 * goes to the test's author with both sides; the user sees the dispute.
 */
export const disputeTestTool = defineTool({
  name: 'dispute_test',
  // Its effect (test.disputed) is in the journal already.
  replay: 'record',
  description: 'Say that a failing test contradicts your task (quote the task), instead of changing code to pass it. The test goes back to its author with your reason.',
  args: z.strictObject({ test: z.string().min(1).max(500), reason: z.string().min(10).max(2000) }),
  async run({ test, reason }, ctx) {
    if (!ctx.disputeTest) return { isError: true, content: 'Disputing a test is not possible here: only tests written in this run can be disputed, in a fix round.' };
    return ctx.disputeTest(test, reason);
  },
});
