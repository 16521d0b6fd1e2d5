'use strict';

// The tickets table. Writes are asynchronous, as with the real database client.
class TicketStore {
  constructor() {
    this.rows = new Map();
    this.log = [];
  }

  async save(ticket) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.rows.set(ticket.id, { ...ticket });
    this.log.push(`save ${ticket.id} ${ticket.status}`);
  }

  get(id) {
    const row = this.rows.get(id);
    return row && { ...row };
  }

  all() {
    return [...this.rows.values()].map((row) => ({ ...row }));
  }
}

module.exports = { TicketStore };
