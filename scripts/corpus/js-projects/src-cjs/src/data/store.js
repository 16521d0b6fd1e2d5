class NotFoundError extends Error {
  constructor(kind, id) {
    super(`${kind} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** An in-memory stand-in for the database, async like the real one. */
function createStore(seed) {
  const users = new Map(seed.users.map((user) => [user.id, user]));
  const orders = new Map(seed.orders.map((order) => [order.id, order]));
  return {
    async getUser(id) {
      const user = users.get(id);
      if (!user) throw new NotFoundError('user', id);
      return { ...user };
    },
    async getOrder(id) {
      const order = orders.get(id);
      if (!order) throw new NotFoundError('order', id);
      return structuredClone(order);
    },
    async listOrders(userId) {
      return [...orders.values()].filter((order) => order.userId === userId);
    },
  };
}

module.exports = { NotFoundError, createStore };
