import { z } from 'zod';
import { defineTool } from './defineTool';

/** Ends the task's tool loop; the runner reads `finished` from the result. */
export const finishTool = defineTool({
  name: 'finish',
  description: 'Call once the task is done, with a short summary of what you changed and why.',
  args: z.strictObject({ summary: z.string().min(1) }),
  run: async ({ summary }) => ({ content: 'Task finished.', finished: { summary } }),
});
