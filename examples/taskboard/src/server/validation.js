import { ValidationError } from './errors.js';

export const TITLE_MAX_LENGTH = 200;
export const STATUSES = ['all', 'open', 'done'];
const EDITABLE_FIELDS = ['title', 'completed'];

/** @param {string} raw the :id path segment */
export function parseTaskId(raw) {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
    throw new ValidationError('Invalid task id', [`id must be a positive integer, got "${raw}"`]);
  }
  return id;
}

/** @param {{ status?: string | null }} query @returns {{ status: 'all' | 'open' | 'done' }} */
export function parseListQuery({ status }) {
  const value = status ?? 'all';
  if (!STATUSES.includes(value)) {
    throw new ValidationError('Invalid query', [`status must be one of: ${STATUSES.join(', ')}`]);
  }
  return { status: /** @type {'all' | 'open' | 'done'} */ (value) };
}

/** Body of POST /api/tasks. @returns {{ title: string, completed?: boolean }} */
export function parseNewTask(body) {
  const issues = checkShape(body);
  if (issues.length === 0 && !('title' in body)) issues.push('title is required');
  return /** @type {{ title: string, completed?: boolean }} */ (readFields(body, issues, 'Invalid task'));
}

/** Body of PATCH /api/tasks/:id: any non-empty subset of the editable fields. */
export function parseTaskPatch(body) {
  const issues = checkShape(body);
  if (issues.length === 0 && Object.keys(body).length === 0) {
    issues.push(`send at least one of: ${EDITABLE_FIELDS.join(', ')}`);
  }
  return readFields(body, issues, 'Invalid task update');
}

function checkShape(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return ['body must be a JSON object'];
  }
  return Object.keys(body)
    .filter((key) => !EDITABLE_FIELDS.includes(key))
    .map((key) => `unknown field "${key}"`);
}

// Reads the fields present in `body` and throws one error listing every problem found,
// so a client can fix its request in one go.
function readFields(body, issues, message) {
  const fields = {};
  if (issues.length === 0) {
    if ('title' in body) {
      const title = typeof body.title === 'string' ? body.title.trim() : null;
      if (title === null) issues.push('title must be a string');
      else if (title.length === 0) issues.push('title must not be empty');
      else if (title.length > TITLE_MAX_LENGTH) issues.push(`title must be at most ${TITLE_MAX_LENGTH} characters`);
      else fields.title = title;
    }
    if ('completed' in body) {
      if (typeof body.completed !== 'boolean') issues.push('completed must be true or false');
      else fields.completed = body.completed;
    }
  }
  if (issues.length > 0) throw new ValidationError(message, issues);
  return fields;
}
