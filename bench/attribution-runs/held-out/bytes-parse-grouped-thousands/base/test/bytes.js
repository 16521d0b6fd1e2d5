'use strict';

const { expect } = require('chai');
const bytes = require('..');

describe('bytes.format', function () {
  it('picks the largest unit that keeps the value at or above 1', function () {
    expect(bytes.format(1024)).to.equal('1KB');
    expect(bytes.format(1536)).to.equal('1.5KB');
    expect(bytes.format(5 * 1024 * 1024 * 1024)).to.equal('5GB');
    expect(bytes.format(100)).to.equal('100B');
  });

  it('honours decimalPlaces, fixedDecimals and the separators', function () {
    expect(bytes.format(1000, { decimalPlaces: 0 })).to.equal('1000B');
    expect(bytes.format(1048576 * 1.25, { fixedDecimals: true })).to.equal('1.25MB');
    expect(bytes.format(1024 * 1024 * 1000, { unit: 'KB', thousandsSeparator: ',' })).to.equal('1,024,000KB');
    expect(bytes.format(1024, { unitSeparator: ' ' })).to.equal('1 KB');
  });

  it('returns null for what is not a finite number', function () {
    expect(bytes.format(Infinity)).to.equal(null);
    expect(bytes.format(NaN)).to.equal(null);
  });
});

describe('bytes.parse', function () {
  it('reads units in any case, with or without a space', function () {
    expect(bytes.parse('1kb')).to.equal(1024);
    expect(bytes.parse('1 MB')).to.equal(1048576);
    expect(bytes.parse('1.5GB')).to.equal(1610612736);
  });

  it('treats a plain number as bytes', function () {
    expect(bytes.parse('512')).to.equal(512);
    expect(bytes.parse(42)).to.equal(42);
  });

  it('returns null for nonsense', function () {
    expect(bytes.parse('kb')).to.equal(null);
    expect(bytes.parse({})).to.equal(null);
  });
});
