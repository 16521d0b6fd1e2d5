'use strict';

const { STANDARD } = require('./rates');

function rateFor(line, region) {
  return STANDARD[region];
}

function lineTax(line, region) {
  return Math.round(line.cents * line.quantity * rateFor(line, region));
}

module.exports = { rateFor, lineTax };
