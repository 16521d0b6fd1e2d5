'use strict';

const EU = new Set(['AT', 'BE', 'DE', 'DK', 'ES', 'FR', 'IE', 'IT', 'NL', 'PL', 'PT', 'SE']);

function zoneOf(country, home = 'GB') {
  if (country === home) return 'domestic';
  return EU.has(country) ? 'eu' : 'world';
}

module.exports = { zoneOf };
