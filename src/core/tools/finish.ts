import { z } from 'zod';
import { defineTool } from './defineTool';

/** Ends the task's tool loop; the runner reads `finished` from the result. */
export const finishTool = defineTool({
  name: 'finish',
  replay: 'rerun',
  description: 'Call once the task is done, with a short summary of what you changed and why.',
  // The summary goes into the next agents' prompts: keep it a summary.
  args: z.strictObject({ summary: z.string().min(1).max(4000) }),
  run: async ({ summary }) => ({ content: 'Task finished.', finished: { summary } }),
});
