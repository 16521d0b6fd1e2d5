'use strict';

// The little counter on the basket icon.
function renderBadge(container, count) {
  let badge = container.querySelector('.basket-badge');
  if (!badge) {
    badge = document.createElement('span');
    badge.className = 'basket-badge';
    container.appendChild(badge);
  }
  badge.textContent = count > 99 ? '99+' : String(count);
  badge.hidden = count === 0;
  return badge;
}

module.exports = { renderBadge };
