'use strict';

function escapeText(text) {
  return String(text).replace(/[\r\n]+/g, ' ').trim();
}

function postLine(post) {
  return `- ${escapeText(post.title)} (${post.url})`;
}

function greeting(subscriber) {
  return subscriber.name ? `Hello ${escapeText(subscriber.name)},` : 'Hello,';
}

module.exports = { escapeText, postLine, greeting };
