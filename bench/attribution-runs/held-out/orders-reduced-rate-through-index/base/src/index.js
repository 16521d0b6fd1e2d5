'use strict';

// The package's public face: the shop's checkout and the back office both import from here.
module.exports = {
  ...require('./lib/rates'),
  ...require('./lib/tax'),
  ...require('./lib/totals'),
};
