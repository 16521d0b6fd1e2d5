'use strict';

const crypto = require('node:crypto');
const { normalizeEmail, validateSignup } = require('./validate');

function hashPassword(password, salt = crypto.randomBytes(8).toString('hex')) {
  const hash = crypto.createHash('sha256').update(`${salt}:${password}`).digest('hex');
  return `${salt}$${hash}`;
}

function checkPassword(password, stored) {
  const [salt] = stored.split('$');
  return hashPassword(password, salt) === stored;
}

function createUsers(store) {
  return {
    async signup(input) {
      const errors = validateSignup(input);
      if (errors.length > 0) return { ok: false, errors };
      const email = normalizeEmail(input.email);
      if (await store.findByEmail(email)) return { ok: false, errors: ['email is taken'] };
      const id = await store.insert({ email, displayName: input.displayName ?? email.split('@')[0], password: hashPassword(input.password) });
      return { ok: true, id };
    },
    async login(email, password) {
      const user = await store.findByEmail(normalizeEmail(email));
      if (!user || !checkPassword(password, user.password)) return undefined;
      return { id: user.id, displayName: user.displayName };
    },
    async rename(id, displayName) {
      if (displayName.trim() === '') throw new Error('display name cannot be blank');
      await store.update(id, { displayName: displayName.trim() });
    },
  };
}

module.exports = { createUsers, hashPassword, checkPassword };
