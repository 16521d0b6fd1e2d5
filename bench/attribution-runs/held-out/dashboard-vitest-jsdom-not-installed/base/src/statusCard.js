import { percent, uptime } from './format.js';

export function renderStatusCard(service) {
  const card = document.createElement('article');
  card.className = `status-card status-${service.healthy ? 'ok' : 'down'}`;
  card.innerHTML = `<h2></h2><p class="uptime"></p><p class="errors"></p>`;
  card.querySelector('h2').textContent = service.name;
  card.querySelector('.uptime').textContent = `up ${uptime(service.uptimeSeconds)}`;
  card.querySelector('.errors').textContent = `${percent(service.errors, service.requests)} errors`;
  return card;
}
