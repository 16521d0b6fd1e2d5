'use strict';

const { expect } = require('chai');
const qs = require('../lib');

describe('parse', function () {
  it('reads nested keys', function () {
    expect(qs.parse('user[name]=ada&user[langs][]=en')).to.deep.equal({ user: { name: 'ada', langs: ['en'] } });
  });

  it('ignores a leading question mark when asked', function () {
    expect(qs.parse('?page=2', { ignoreQueryPrefix: true })).to.deep.equal({ page: '2' });
  });
});
