'use strict';

function countByStatus(tickets) {
  const counts = { open: 0, 'in-progress': 0, closed: 0 };
  for (const t of tickets) counts[t.status] += 1;
  return counts;
}

module.exports = { countByStatus };
