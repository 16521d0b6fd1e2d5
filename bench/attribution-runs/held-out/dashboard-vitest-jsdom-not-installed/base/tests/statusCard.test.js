// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { renderStatusCard } from '../src/statusCard.js';

test('a healthy service card', () => {
  const card = renderStatusCard({ name: 'billing', healthy: true, uptimeSeconds: 7200, errors: 2, requests: 400 });
  expect(card.className).toBe('status-card status-ok');
  expect(card.querySelector('h2').textContent).toBe('billing');
  expect(card.querySelector('.errors').textContent).toBe('0.5% errors');
});

test('a service name is text, never markup', () => {
  const card = renderStatusCard({ name: '<img src=x>', healthy: false, uptimeSeconds: 0, errors: 0, requests: 0 });
  expect(card.querySelector('img')).toBeNull();
});
