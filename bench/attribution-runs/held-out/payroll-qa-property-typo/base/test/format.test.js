import { expect } from 'chai';
import { money } from '../src/format.js';

describe('money', () => {
  it('prints cents with two decimals', () => {
    expect(money(340_000)).to.equal('3400.00');
    expect(money(5)).to.equal('0.05');
    expect(money(-1_250)).to.equal('-12.50');
  });
});
