import { addWeeks, isoWeek, mondayOf } from './weeks.js';

// The rows of the timetable's week picker: week number and its Monday.
export function weekPicker(fromIso, count) {
  const first = mondayOf(fromIso);
  return Array.from({ length: count }, (_, i) => {
    const monday = addWeeks(first, i);
    return { week: isoWeek(monday), monday };
  });
}
