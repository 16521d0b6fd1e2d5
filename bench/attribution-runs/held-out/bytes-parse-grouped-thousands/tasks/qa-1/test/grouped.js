'use strict';

const { expect } = require('chai');
const bytes = require('..');

// Sizes pasted from dashboards and spreadsheets come with thousands separators.
describe('bytes.parse with grouped thousands', function () {
  it('reads a plain number of bytes with separators', function () {
    expect(bytes.parse('2,000,000')).to.equal(2000000);
    expect(bytes('1,024')).to.equal(1024);
  });

  it('reads separators before a unit', function () {
    expect(bytes.parse('1,024kb')).to.equal(1048576);
    expect(bytes.parse('1,048,576 KB')).to.equal(1073741824);
    expect(bytes.parse('2,500.5kb')).to.equal(2560512);
  });

  it('still reads numbers without separators', function () {
    expect(bytes.parse('1024kb')).to.equal(1048576);
  });

  it('round-trips with format', function () {
    const text = bytes.format(1024 * 1024 * 1000, { unit: 'KB', thousandsSeparator: ',' });
    expect(bytes.parse(text)).to.equal(1024 * 1024 * 1000);
  });

  it('accepts decimalPlaces given as text, as query strings give it', function () {
    expect(bytes.format(1536, { decimalPlaces: '0' })).to.equal('2KB');
  });
});
