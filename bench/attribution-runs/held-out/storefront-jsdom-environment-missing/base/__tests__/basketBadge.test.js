const { renderBadge } = require('../src/basketBadge');

test('shows the count and hides itself at zero', () => {
  document.body.innerHTML = '<div id="basket"></div>';
  const container = document.getElementById('basket');
  expect(renderBadge(container, 3).textContent).toBe('3');
  expect(renderBadge(container, 0).hidden).toBe(true);
  expect(container.querySelectorAll('.basket-badge')).toHaveLength(1);
});

test('caps the count at 99+', () => {
  document.body.innerHTML = '<div id="basket"></div>';
  expect(renderBadge(document.getElementById('basket'), 120).textContent).toBe('99+');
});
