import { weekTotal } from './entries.js';

const CONTRACT_MINUTES = 40 * 60;

// What the manager sees before approving a week.
export function reviewWeek(employee, entries) {
  const total = weekTotal(entries);
  const flags = [];
  if (total > CONTRACT_MINUTES + 8 * 60) flags.push('more than 8 hours of overtime');
  if (entries.some((e) => !e.project)) flags.push('entries without a project');
  return { employee, total, overtime: Math.max(0, total - CONTRACT_MINUTES), flags };
}
