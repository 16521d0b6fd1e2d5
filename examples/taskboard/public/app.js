// Plain browser module: talks to the JSON API and re-renders the list after every change.
const form = document.querySelector('#new-task');
const titleInput = document.querySelector('#new-task-title');
const filterButtons = document.querySelectorAll('.filters button');
const list = document.querySelector('#tasks');
const emptyNote = document.querySelector('#empty');
const errorBox = document.querySelector('#error');

let status = 'all';

/** Calls the API; throws an Error carrying the server's message and details on failure. */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json();
  if (!response.ok) throw new Error([data.error, ...(data.details ?? [])].join(' — '));
  return data;
}

const tasksApi = {
  list: (filter) => api('GET', `/api/tasks?status=${encodeURIComponent(filter)}`),
  create: (title) => api('POST', '/api/tasks', { title }),
  update: (id, patch) => api('PATCH', `/api/tasks/${id}`, patch),
  remove: (id) => api('DELETE', `/api/tasks/${id}`),
};

function renderTask(task) {
  const item = document.createElement('li');
  item.className = task.completed ? 'task completed' : 'task';
  item.dataset.id = String(task.id);

  const label = document.createElement('label');
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  checkbox.checked = task.completed;
  checkbox.addEventListener('change', () =>
    perform(() => tasksApi.update(task.id, { completed: checkbox.checked })));
  const title = document.createElement('span');
  title.textContent = task.title; // textContent, never innerHTML: titles are user input
  label.append(checkbox, title);

  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'delete';
  remove.textContent = '×';
  remove.setAttribute('aria-label', `Delete "${task.title}"`);
  remove.addEventListener('click', () => perform(() => tasksApi.remove(task.id)));

  item.append(label, remove);
  return item;
}

async function refresh() {
  const tasks = await tasksApi.list(status);
  list.replaceChildren(...tasks.map(renderTask));
  emptyNote.hidden = tasks.length > 0;
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

/** Runs a change, then reloads the list; any failure is shown instead of thrown. */
async function perform(action = async () => {}) {
  try {
    showError('');
    await action();
    await refresh();
  } catch (error) {
    showError(error.message);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  perform(async () => {
    await tasksApi.create(titleInput.value);
    form.reset();
  });
});

for (const button of filterButtons) {
  button.addEventListener('click', () => {
    status = button.dataset.status;
    for (const other of filterButtons) other.setAttribute('aria-pressed', String(other === button));
    perform();
  });
}

perform();
