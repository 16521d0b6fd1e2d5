import { randomUUID } from 'node:crypto';

const ROLES = new Set(['attendee', 'speaker', 'staff', 'press']);

export function createBadge({ name, company, role = 'attendee' }) {
  if (!name || !name.trim()) throw new Error('a badge needs a name');
  if (!ROLES.has(role)) throw new Error(`unknown role ${role}`);
  return { id: randomUUID(), name: name.trim(), company: company?.trim() || '', role };
}

export function badgesFor(registrations) {
  return registrations.map(createBadge).sort((a, b) => a.name.localeCompare(b.name));
}
