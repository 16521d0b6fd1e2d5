import { z } from 'zod';

export const DEFAULT_ROLES = ['database', 'backend', 'frontend', 'qa'] as const;
export type Role = string;

export const TaskSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'ids use letters, digits, "_", "-" and "."'),
  role: z.string().min(1),
  title: z.string().min(1).max(200),
  description: z.string().min(1),
  dependsOn: z.array(z.string()).default([]),
  files: z.array(z.string()).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const PlanSchema = z.object({
  summary: z.string().min(1),
  tasks: z.array(TaskSchema),
});
export type Plan = z.infer<typeof PlanSchema>;
