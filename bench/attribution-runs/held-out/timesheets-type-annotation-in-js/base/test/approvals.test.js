import assert from 'node:assert/strict';
import { reviewWeek } from '../src/approvals.js';

const day = (project) => ({ from: '08:00', to: '18:30', breakMinutes: 30, project });

describe('reviewWeek', () => {
  it('computes overtime over the 40-hour contract', () => {
    const review = reviewWeek('ada', [day('apollo'), day('apollo'), day('apollo'), day('apollo'), day('apollo')]);
    assert.equal(review.total, 3000);
    assert.equal(review.overtime, 600);
    assert.deepEqual(review.flags, ['more than 8 hours of overtime']);
  });

  it('flags entries without a project', () => {
    assert.deepEqual(reviewWeek('bo', [day(undefined)]).flags, ['entries without a project']);
  });
});
