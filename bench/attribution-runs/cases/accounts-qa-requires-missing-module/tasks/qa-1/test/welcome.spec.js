'use strict';

const { expect } = require('chai');
const { welcomeMessage } = require('../lib/mailer');

describe('welcome e-mail', function () {
  const user = { email: 'ada@example.com', displayName: 'Ada' };

  it('is addressed to the new user', function () {
    expect(welcomeMessage(user).to).to.equal('ada@example.com');
  });

  it('greets them by name', function () {
    expect(welcomeMessage(user).subject).to.equal('Welcome, Ada!');
    expect(welcomeMessage(user).text).to.contain('Hello Ada');
  });
});
