import { z } from 'zod';

/**
 * Messages between the extension and the sidebar webview, parsed on receipt on both sides.
 * The sidebar issue grows this; for now the view only says it is ready and shows a status line.
 */
export const FromWebview = z.discriminatedUnion('type', [z.object({ type: z.literal('ready') })]);
export type FromWebview = z.infer<typeof FromWebview>;

export const ToWebview = z.discriminatedUnion('type', [z.object({ type: z.literal('status'), text: z.string() })]);
export type ToWebview = z.infer<typeof ToWebview>;
