// Appointments of the clinic's doctors, in memory for now (the booking API persists them).
export function createBook() {
  return { appointments: [], nextId: 1 };
}

export function book(store, { doctor, patient, start, minutes }) {
  const appointment = { id: store.nextId++, doctor, patient, start, minutes };
  store.appointments.push(appointment);
  return appointment;
}

export function cancel(store, id) {
  const before = store.appointments.length;
  store.appointments = store.appointments.filter((a) => a.id !== id);
  return store.appointments.length < before;
}

// A doctor's appointments on one day ('2024-05-02'), earliest first.
export function listAppointments(store, doctor, day) {
  return store.appointments
    .filter((a) => a.doctor === doctor && a.start.startsWith(day))
    .sort((a, b) => a.start.localeCompare(b.start));
}
