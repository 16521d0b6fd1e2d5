const DAY = 24 * 60 * 60 * 1000;

// ISO 8601 week number of a 'YYYY-MM-DD' date.
export function isoWeek(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const firstMonday = yearStart + ((7 - new Date(yearStart).getUTCDay() + 1) % 7) * DAY;
  return Math.floor((date.getTime() - weekday * DAY - firstMonday) / (7 * DAY)) + 1;
}

export function addWeeks(iso, weeks) {
  const date = new Date(`${iso}T00:00:00Z`);
  return new Date(date.getTime() + weeks * 7 * DAY).toISOString().slice(0, 10);
}

export function mondayOf(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - weekday * DAY).toISOString().slice(0, 10);
}
