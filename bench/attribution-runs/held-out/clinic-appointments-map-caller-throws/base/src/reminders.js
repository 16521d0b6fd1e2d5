import { listAppointments } from './appointments.js';

// The text messages sent the evening before.
export function remindersFor(store, doctor, day, patients) {
  return listAppointments(store, doctor, day).map((a) => {
    const patient = patients[a.patient];
    return { to: patient.phone, text: `Reminder: ${patient.name}, your appointment is tomorrow at ${a.start.slice(11, 16)}.` };
  });
}
