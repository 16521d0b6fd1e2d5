// Entries per employee and ISO week ('2024-W19'), in memory.
export function createStore() {
  const weeks = new Map();
  return {
    add(employee, week, entry) {
      const key = `${employee}/${week}`;
      weeks.set(key, [...(weeks.get(key) ?? []), entry]);
    },
    week(employee, week) {
      return [...(weeks.get(`${employee}/${week}`) ?? [])];
    },
  };
}
