import { expect } from 'chai';
import { payslip } from '../src/payroll.js';
import { monthlyTax } from '../src/tax.js';

const ada = { id: 'e1', hourlyCents: 2_500 };

describe('payslip', () => {
  it('pays regular hours at the hourly rate', () => {
    expect(payslip(ada, 160)).to.deep.equal({ employee: 'e1', hours: 160, gross: 400_000, tax: 60_000, net: 340_000 });
  });

  it('pays hours beyond 160 at one and a half times the rate', () => {
    expect(payslip(ada, 170).gross).to.equal(437_500);
  });

  it('refuses negative hours', () => {
    expect(() => payslip(ada, -1)).to.throw(RangeError);
  });
});

describe('monthlyTax', () => {
  it('is zero up to 1000.00 and progressive above', () => {
    expect(monthlyTax(100_000)).to.equal(0);
    expect(monthlyTax(500_000)).to.equal(80_000);
    expect(monthlyTax(600_000)).to.equal(120_000);
  });
});
