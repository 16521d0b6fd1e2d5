import assert from 'node:assert/strict';
import { createStore, NotFoundError } from '../src/data/store.js';
import { getProfile } from '../src/service/users.js';
import { seed } from './seed.js';

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
