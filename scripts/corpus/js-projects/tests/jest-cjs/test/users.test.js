const { createStore, NotFoundError } = require('../src/data/store');
const { getProfile } = require('../src/service/users');
const { seed } = require('./seed');

describe('getProfile', () => {
  test('returns the public profile', async () => {
    const store = createStore(seed);
    const profile = await getProfile(store, 1);
    expect(profile).toEqual({ id: 1, name: 'Ada', email: 'ada@example.com', orderCount: 2 });
  });

  test('fails for unknown users', async () => {
    await expect(getProfile(createStore(seed), 7)).rejects.toThrow(NotFoundError);
  });
});
