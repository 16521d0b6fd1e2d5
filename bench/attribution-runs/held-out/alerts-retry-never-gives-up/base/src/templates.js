'use strict';

function render(alert) {
  const host = alert.host ? ` on ${alert.host}` : '';
  return `[${alert.severity.toUpperCase()}] ${alert.title}${host}`;
}

module.exports = { render };
