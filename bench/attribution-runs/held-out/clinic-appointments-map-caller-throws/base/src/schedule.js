import { listAppointments } from './appointments.js';

const toMinutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function workingHours(day) {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return undefined;
  return { from: '08:00', to: '17:00' };
}

// Free slots of `length` minutes between the doctor's appointments on that day.
export function freeSlots(store, doctor, day, length = 30) {
  const hours = workingHours(day);
  if (!hours) return [];
  const busy = listAppointments(store, doctor, day).map((a) => {
    const start = toMinutes(a.start.slice(11, 16));
    return [start, start + a.minutes];
  });
  const slots = [];
  let t = toMinutes(hours.from);
  const end = toMinutes(hours.to);
  while (t + length <= end) {
    const clash = busy.find(([s, e]) => t < e && s < t + length);
    if (clash) t = clash[1];
    else {
      slots.push(toHhmm(t));
      t += length;
    }
  }
  return slots;
}
