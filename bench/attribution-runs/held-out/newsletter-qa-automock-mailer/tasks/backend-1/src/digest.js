'use strict';

const mailer = require('./mailer');
const { active } = require('./subscribers');
const { greeting, postLine } = require('./templates');

// Sends this week's posts to every active subscriber; returns the ids of the messages sent, so
// the scheduler can record them against the issue.
function sendDigest(subscribers, posts, { subject = 'This week on the blog' } = {}) {
  if (posts.length === 0) return [];
  const lines = posts.map(postLine).join('\n');
  return active(subscribers).map((subscriber) => {
    const body = `${greeting(subscriber)}\n\n${lines}\n`;
    const receipt = mailer.send(subscriber.email, subject, body);
    return receipt.id;
  });
}

module.exports = { sendDigest };
