'use strict';

const { expect } = require('chai');
const { validateSignup, normalizeEmail } = require('../lib');

describe('validateSignup', function () {
  it('accepts a complete signup', function () {
    expect(validateSignup({ email: 'a@b.io', password: '12345678' })).to.be.empty;
  });

  it('lists every problem', function () {
    expect(validateSignup({ email: 'nope', password: 'short', displayName: ' ' })).to.deep.equal([
      'email is invalid',
      'password needs at least 8 characters',
      'display name cannot be blank',
    ]);
  });

  it('normalises emails', function () {
    expect(normalizeEmail('  Bob@Mail.COM ')).to.equal('bob@mail.com');
  });
});
