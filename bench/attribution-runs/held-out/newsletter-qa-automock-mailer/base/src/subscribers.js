'use strict';

function active(subscribers) {
  return subscribers.filter((s) => s.confirmed && !s.unsubscribedAt);
}

function byFrequency(subscribers, frequency) {
  return active(subscribers).filter((s) => (s.frequency ?? 'weekly') === frequency);
}

module.exports = { active, byFrequency };
