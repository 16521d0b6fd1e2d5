import { REGULAR_HOURS } from './payroll.js';

// The month's totals for the payroll run's confirmation screen. `net` is what leaves the bank.
export function summary(payslips) {
  const totals = { count: 0, gross: 0, tax: 0, net: 0, overtimeHours: 0 };
  for (const slip of payslips) {
    totals.count += 1;
    totals.gross += slip.gross;
    totals.tax += slip.tax;
    totals.net += slip.net;
    totals.overtimeHours += Math.max(0, slip.hours - REGULAR_HOURS);
  }
  return totals;
}
