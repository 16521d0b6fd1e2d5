'use strict';

const { expect } = require('chai');
const semver = require('..');

describe('ranges', function () {
  it('caret allows minor and patch updates', function () {
    expect(semver.satisfies('1.9.0', '^1.2.3')).to.equal(true);
    expect(semver.satisfies('2.0.0', '^1.2.3')).to.equal(false);
  });

  it('tilde allows patch updates only', function () {
    expect(semver.satisfies('1.2.9', '~1.2.3')).to.equal(true);
    expect(semver.satisfies('1.3.0', '~1.2.3')).to.equal(false);
  });

  it('validRange normalises', function () {
    expect(semver.validRange('1.2.x')).to.equal('>=1.2.0 <1.3.0-0');
  });
});
