const { test } = require('node:test');
const assert = require('node:assert/strict');
const { price } = require('../src/rates');
const { zoneOf } = require('../src/zones');

test('price by zone and weight band', () => {
  assert.equal(price('domestic', 1.5), 490);
  assert.equal(price('eu', 2.01), 1790);
  assert.equal(price(zoneOf('US'), 10), 5290);
});

test('heavy parcels and bad weights are refused', () => {
  assert.throws(() => price('eu', 12), /go by freight/);
  assert.throws(() => price('eu', 0), /must be positive/);
});

test('zones from the country', () => {
  assert.equal(zoneOf('GB'), 'domestic');
  assert.equal(zoneOf('FR'), 'eu');
  assert.equal(zoneOf('JP'), 'world');
});
