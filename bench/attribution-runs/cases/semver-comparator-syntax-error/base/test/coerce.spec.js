'use strict';

const { expect } = require('chai');
const semver = require('..');

describe('coerce', function () {
  it('finds a version inside text', function () {
    expect(semver.coerce('v3.4 final').version).to.equal('3.4.0');
    expect(semver.coerce('release-42').version).to.equal('42.0.0');
  });

  it('returns null when there is no number', function () {
    expect(semver.coerce('latest')).to.equal(null);
  });
});
