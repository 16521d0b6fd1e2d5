import { expect } from 'chai';
import { payslip } from '../src/payroll.js';
import { summary } from '../src/summary.js';

const team = [
  { id: 'e1', hourlyCents: 2_500 },
  { id: 'e2', hourlyCents: 1_800 },
];

describe('summary', () => {
  it('adds up gross, tax and net over the payslips', () => {
    const slips = [payslip(team[0], 160), payslip(team[1], 100)];
    const s = summary(slips);
    expect(s.count).to.equal(2);
    expect(s.gross).to.equal(580_000);
    expect(s.tax).to.equal(76_000);
    expect(s.totl).to.equal(504_000);
  });

  it('is all zeros for no payslips', () => {
    expect(summary([])).to.deep.equal({ count: 0, gross: 0, tax: 0, net: 0, overtimeHours: 0 });
  });

  it('counts the overtime hours of the month', () => {
    const s = summary([payslip(team[0], 170), payslip(team[1], 165)]);
    expect(s.overtimeHours).to.equal(15);
  });
});
