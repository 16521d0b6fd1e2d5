'use strict';

const { expect } = require('chai');
const validator = require('..');

describe('validator (the checks our signup form uses)', function () {
  it('isSlug', function () {
    expect(validator.isSlug('my-first-post')).to.equal(true);
    expect(validator.isSlug('not a slug')).to.equal(false);
  });

  it('isPort', function () {
    expect(validator.isPort('8080')).to.equal(true);
    expect(validator.isPort('65536')).to.equal(false);
    expect(validator.isPort('080')).to.equal(false);
  });

  it('isHexColor', function () {
    expect(validator.isHexColor('#fff')).to.equal(true);
    expect(validator.isHexColor('#ggg')).to.equal(false);
  });

  it('isTime, 24 hours by default', function () {
    expect(validator.isTime('09:30')).to.equal(true);
    expect(validator.isTime('23:59')).to.equal(true);
    expect(validator.isTime('24:00')).to.equal(false);
    expect(validator.isTime('9:30:15', { mode: 'withSeconds' })).to.equal(true);
    expect(validator.isTime('9:30 PM', { hourFormat: 'hour12' })).to.equal(true);
  });

  it('isEmail with options', function () {
    expect(validator.isEmail('ada@example.org')).to.equal(true);
    expect(validator.isEmail('ada@localhost', { require_tld: false })).to.equal(true);
    expect(validator.isEmail('ada@localhost')).to.equal(false);
  });
});
