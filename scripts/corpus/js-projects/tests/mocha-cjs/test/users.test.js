const assert = require('node:assert/strict');
const { createStore, NotFoundError } = require('../src/data/store');
const { getProfile } = require('../src/service/users');
const { seed } = require('./seed');

describe('getProfile', () => {
  it('returns the public profile', async () => {
    const store = createStore(seed);
    const profile = await getProfile(store, 1);
    assert.deepEqual(profile, { id: 1, name: 'Ada', email: 'ada@example.com', orderCount: 2 });
  });

  it('fails for unknown users', async () => {
    await assert.rejects(getProfile(createStore(seed), 7), NotFoundError);
  });
});
