'use strict';

let counter = 0;

async function openTicket(store, { title, requester }) {
  counter += 1;
  const ticket = { id: `T-${counter}`, title, requester, status: 'open', assignee: null, comments: [] };
  await store.save(ticket);
  return ticket;
}

async function assign(store, id, agent) {
  const ticket = store.get(id);
  if (!ticket) throw new Error(`no ticket ${id}`);
  const updated = { ...ticket, assignee: agent, status: ticket.status === 'open' ? 'in-progress' : ticket.status };
  await store.save(updated);
  return updated;
}

async function closeTicket(store, id, resolution) {
  const ticket = store.get(id);
  if (!ticket) throw new Error(`no ticket ${id}`);
  if (ticket.status === 'closed') return ticket;
  const closed = { ...ticket, status: 'closed', resolution };
  await store.save(closed);
  return closed;
}

module.exports = { openTicket, assign, closeTicket };
