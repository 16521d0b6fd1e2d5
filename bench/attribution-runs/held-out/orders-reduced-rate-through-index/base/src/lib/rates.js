'use strict';

// VAT rates by country of delivery.
const STANDARD = {
  DE: 0.19,
  FR: 0.2,
  NL: 0.21,
};

function regions() {
  return Object.keys(STANDARD).sort();
}

module.exports = { STANDARD, regions };
