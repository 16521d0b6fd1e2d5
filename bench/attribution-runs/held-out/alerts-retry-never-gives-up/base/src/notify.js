'use strict';

const { render } = require('./templates');

// Routes an alert to the channels its severity asks for.
const ROUTES = {
  critical: ['pager', 'chat', 'email'],
  warning: ['chat', 'email'],
  info: ['email'],
};

function channelsFor(alert) {
  const channels = ROUTES[alert.severity];
  if (!channels) throw new Error(`unknown severity ${alert.severity}`);
  return channels;
}

async function notify(alert, senders) {
  const message = render(alert);
  const results = [];
  for (const channel of channelsFor(alert)) {
    results.push({ channel, id: await senders[channel](message) });
  }
  return results;
}

module.exports = { channelsFor, notify };
