import { minutesBetween } from './time.js';

export function entryMinutes(entry) {
  return minutesBetween(entry.from, entry.to) - (entry.breakMinutes ?? 0);
}

export function weekTotal(entries) {
  return entries.reduce((sum, e) => sum + entryMinutes(e), 0);
}
