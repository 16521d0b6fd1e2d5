'use strict';

const { expect } = require('chai');
const iconv = require('iconv-lite');
const qs = require('../lib');

describe('iso-8859-1', function () {
  it('parses latin-1 percent escapes', function () {
    expect(qs.parse('name=%E6', { charset: 'iso-8859-1' })).to.deep.equal({ name: 'æ' });
  });

  it('stringifies with a custom encoder', function () {
    const encoder = (str) => iconv.encode(str, 'shift_jis').toString('hex');
    expect(qs.stringify({ a: 'こ' }, { encoder })).to.be.a('string');
  });
});
