'use strict';

const { lineTax } = require('./tax');

function orderTotals(order) {
  let net = 0;
  let tax = 0;
  for (const line of order.lines) {
    net += line.cents * line.quantity;
    tax += lineTax(line, order.region);
  }
  return { net, tax, total: net + tax };
}

module.exports = { orderTotals };
