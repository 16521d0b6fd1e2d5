export function render(root, tasks) {
  root.replaceChildren(...tasks.map((t) => Object.assign(document.createElement('li'), { textContent: t.title })));
}
