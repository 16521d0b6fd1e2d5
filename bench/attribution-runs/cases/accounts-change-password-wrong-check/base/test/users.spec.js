'use strict';

const { expect } = require('chai');
const { createStore, createUsers } = require('../lib');

describe('users', function () {
  let users;
  beforeEach(function () {
    users = createUsers(createStore());
  });

  it('signs up and logs in with a normalised email', async function () {
    const result = await users.signup({ email: ' Ada@Example.com ', password: 'correct horse' });
    expect(result.ok).to.equal(true);
    const session = await users.login('ada@example.com', 'correct horse');
    expect(session).to.deep.equal({ id: result.id, displayName: 'ada' });
  });

  it('refuses a taken email', async function () {
    await users.signup({ email: 'ada@example.com', password: 'correct horse' });
    const again = await users.signup({ email: 'ADA@example.com', password: 'another one' });
    expect(again).to.deep.equal({ ok: false, errors: ['email is taken'] });
  });

  it('refuses a wrong password', async function () {
    await users.signup({ email: 'ada@example.com', password: 'correct horse' });
    expect(await users.login('ada@example.com', 'wrong horse')).to.equal(undefined);
  });

  it('renames a user', async function () {
    const { id } = await users.signup({ email: 'ada@example.com', password: 'correct horse' });
    await users.rename(id, '  Ada L.  ');
    expect((await users.login('ada@example.com', 'correct horse')).displayName).to.equal('Ada L.');
  });
});
