'use strict';

const { expect } = require('chai');
const validator = require('..');

describe('isTime with optional seconds', function () {
  const opts24 = { mode: 'withOptionalSeconds' };
  const opts12 = { hourFormat: 'hour12', mode: 'withOptionalSeconds' };

  it('accepts 24-hour times with or without seconds', function () {
    expect(validator.isTime('09:30:15', opts24)).to.equal(true);
    expect(validator.isTime('09:30', opts24)).to.equal(true);
    expect(validator.isTime('0:05', opts24)).to.equal(true);
  });

  it('still refuses what is not a time', function () {
    expect(validator.isTime('24:00', opts24)).to.equal(false);
    expect(validator.isTime('09:30:', opts24)).to.equal(false);
    expect(validator.isTime('09:30:60', opts24)).to.equal(false);
  });

  it('accepts 12-hour times with or without seconds', function () {
    expect(validator.isTime('9:30 PM', opts12)).to.equal(true);
    expect(validator.isTime('9:30:15 AM', opts12)).to.equal(true);
    expect(validator.isTime('13:30 PM', opts12)).to.equal(false);
  });

  it('does not write the defaults into the options the caller passed', function () {
    const options = { mode: 'withSeconds' };
    validator.isTime('09:30:15', options);
    expect(options).to.deep.equal({ mode: 'withSeconds' });
  });
});
