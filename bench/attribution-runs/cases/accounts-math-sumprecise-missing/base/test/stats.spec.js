'use strict';

const { expect } = require('chai');
const { averageSessionMinutes } = require('../lib/stats');

describe('averageSessionMinutes', function () {
  it('is zero without sessions', function () {
    expect(averageSessionMinutes([])).to.equal(0);
  });

  it('averages exactly', function () {
    expect(averageSessionMinutes([{ minutes: 0.1 }, { minutes: 0.2 }, { minutes: 0.3 }])).to.equal(0.2);
  });
});
