'use strict';

function createPoll(question, options) {
  if (options.length < 2) throw new Error('a poll needs at least two options');
  return { question, options: [...options], votes: new Map(), closed: false };
}

function vote(poll, voter, option) {
  if (poll.closed) throw new Error('the poll is closed');
  if (!poll.options.includes(option)) throw new Error(`no option ${option}`);
  poll.votes.set(voter, option);
}

function results(poll) {
  const counts = Object.fromEntries(poll.options.map((o) => [o, 0]));
  for (const option of poll.votes.values()) counts[option] += 1;
  return counts;
}

module.exports = { createPoll, vote, results };
