'use strict';

const assert = require('node:assert/strict');
const { createPoll, vote, results } = require('../lib/poll');

describe('poll', () => {
  it('counts one vote per voter, the last one wins', () => {
    const poll = createPoll('Lunch?', ['pizza', 'sushi']);
    vote(poll, 'ada', 'pizza');
    vote(poll, 'bo', 'sushi');
    vote(poll, 'ada', 'sushi');
    assert.deepEqual(results(poll), { pizza: 0, sushi: 2 });
  });

  it('refuses unknown options and closed polls', () => {
    const poll = createPoll('Lunch?', ['pizza', 'sushi']);
    assert.throws(() => vote(poll, 'ada', 'tacos'), /no option tacos/);
    poll.closed = true;
    assert.throws(() => vote(poll, 'ada', 'pizza'), /closed/);
  });
});
