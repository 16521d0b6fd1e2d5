/** Wraps the callback-style mailer in a promise. */
function sendWelcome(mailer, user) {
  return new Promise((resolve, reject) => {
    mailer.send({ to: user.email, subject: `Welcome, ${user.name}` }, (err, info) => {
      if (err) reject(err);
      else resolve(info.id);
    });
  });
}

module.exports = { sendWelcome };
