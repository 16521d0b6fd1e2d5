const { TicketStore } = require('../src/store');
const { openTicket, assign, closeTicket } = require('../src/tickets');

test('a new ticket is open and unassigned', async () => {
  const store = new TicketStore();
  const t = await openTicket(store, { title: 'Printer on fire', requester: 'ada' });
  expect(store.get(t.id)).toMatchObject({ status: 'open', assignee: null });
});

test('assigning an open ticket puts it in progress', async () => {
  const store = new TicketStore();
  const t = await openTicket(store, { title: 'VPN drops', requester: 'bo' });
  await assign(store, t.id, 'cy');
  expect(store.get(t.id)).toMatchObject({ status: 'in-progress', assignee: 'cy' });
});

test('closing a ticket stores its resolution', async () => {
  const store = new TicketStore();
  const t = await openTicket(store, { title: 'Password reset', requester: 'di' });
  await closeTicket(store, t.id, 'reset done');
  expect(store.get(t.id)).toMatchObject({ status: 'closed', resolution: 'reset done' });
});

test('closing twice changes nothing', async () => {
  const store = new TicketStore();
  const t = await openTicket(store, { title: 'Slow laptop', requester: 'ed' });
  await closeTicket(store, t.id, 'more RAM');
  await closeTicket(store, t.id, 'again');
  expect(store.get(t.id).resolution).toBe('more RAM');
});
