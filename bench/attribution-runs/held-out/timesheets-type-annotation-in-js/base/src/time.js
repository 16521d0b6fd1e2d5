// "09:30" → 570
export function toMinutes(hhmm) {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`not a time: ${hhmm}`);
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (h > 23 || m > 59) throw new Error(`not a time: ${hhmm}`);
  return h * 60 + m;
}

export function minutesBetween(from, to) {
  const diff = toMinutes(to) - toMinutes(from);
  // A shift past midnight ends the next day.
  return diff >= 0 ? diff : diff + 24 * 60;
}
