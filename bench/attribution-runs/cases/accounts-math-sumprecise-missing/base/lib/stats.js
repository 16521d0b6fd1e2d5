'use strict';

/** Average session length in minutes, summed without floating-point drift. */
function averageSessionMinutes(sessions) {
  if (sessions.length === 0) return 0;
  return Math.sumPrecise(sessions.map((s) => s.minutes)) / sessions.length;
}

module.exports = { averageSessionMinutes };
