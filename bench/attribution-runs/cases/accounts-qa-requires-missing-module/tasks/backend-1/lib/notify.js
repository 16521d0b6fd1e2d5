'use strict';

/** The welcome e-mail for a new account. */
function welcomeMessage(user) {
  return {
    to: user.email,
    subject: `Welcome, ${user.displayName}!`,
    text: `Hello ${user.displayName},\n\nyour account is ready. Sign in with ${user.email}.`,
  };
}

module.exports = { welcomeMessage };
