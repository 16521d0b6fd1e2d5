'use strict';

/** An in-memory user store with the async interface of the database one. */
function createStore() {
  const users = new Map();
  let nextId = 1;
  return {
    async insert(user) {
      const id = String(nextId++);
      users.set(id, { ...user, id });
      return id;
    },
    async findByEmail(email) {
      for (const user of users.values()) if (user.email === email) return { ...user };
      return undefined;
    },
    async get(id) {
      const user = users.get(id);
      return user && { ...user };
    },
    async update(id, patch) {
      const user = users.get(id);
      if (!user) throw new Error(`no user ${id}`);
      users.set(id, { ...user, ...patch });
    },
  };
}

module.exports = { createStore };
