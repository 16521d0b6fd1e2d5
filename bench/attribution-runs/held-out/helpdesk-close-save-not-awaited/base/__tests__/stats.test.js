const { TicketStore } = require('../src/store');
const { openTicket, assign, closeTicket } = require('../src/tickets');
const { countByStatus } = require('../src/stats');

test('the dashboard counts tickets by status', async () => {
  const store = new TicketStore();
  const a = await openTicket(store, { title: 'a', requester: 'x' });
  const b = await openTicket(store, { title: 'b', requester: 'x' });
  await openTicket(store, { title: 'c', requester: 'x' });
  await assign(store, a.id, 'cy');
  await closeTicket(store, b.id, 'done');
  expect(countByStatus(store.all())).toEqual({ open: 1, 'in-progress': 1, closed: 1 });
});
