import { monthlyTax } from './tax.js';

export const OVERTIME_RATE = 1.5;
export const REGULAR_HOURS = 160;

export function payslip(employee, hours) {
  if (hours < 0) throw new RangeError('hours cannot be negative');
  const regular = Math.min(hours, REGULAR_HOURS);
  const overtime = Math.max(0, hours - REGULAR_HOURS);
  const gross = Math.round(regular * employee.hourlyCents + overtime * employee.hourlyCents * OVERTIME_RATE);
  const tax = monthlyTax(gross);
  return { employee: employee.id, hours, gross, tax, net: gross - tax };
}
