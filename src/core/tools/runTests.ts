import { z } from 'zod';
import { defineTool } from './defineTool';

/**
 * The QA agent's check of its own tests: the approved test command runs on the workspace plus
 * the changes this task sees (its dependencies' and its own), in a scratch tree.
 */
export const runTestsTool = defineTool({
  name: 'run_tests',
  // A resumed task reads the journaled result: a test run is slow, and its output is not the same twice.
  replay: 'record',
  description: "Run the project's approved test command on the workspace plus your proposed changes. Returns counts and the failures.",
  args: z.strictObject({}),
  async run(_args, ctx) {
    if (!ctx.runTests) {
      return { isError: true, content: 'Running tests is not available in this run: no test command was approved, or the workspace is not trusted. Finish with your tests as they are.' };
    }
    return ctx.runTests(ctx.signal);
  },
});
