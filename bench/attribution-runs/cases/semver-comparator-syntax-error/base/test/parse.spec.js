'use strict';

const { expect } = require('chai');
const semver = require('..');

describe('parse', function () {
  it('exposes the parts', function () {
    const v = semver.parse('1.2.3-rc.1+build.5');
    expect([v.major, v.minor, v.patch]).to.deep.equal([1, 2, 3]);
    expect(v.prerelease).to.deep.equal(['rc', 1]);
    expect(v.build).to.deep.equal(['build', '5']);
  });

  it('cleans loose input', function () {
    expect(semver.clean('  =v1.2.3  ')).to.equal('1.2.3');
  });
});
