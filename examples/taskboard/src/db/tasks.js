/**
 * @typedef {{ id: number, title: string, completed: boolean, createdAt: string, updatedAt: string }} Task
 * @typedef {{ completed?: boolean }} TaskFilter
 */

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const SELECT_TASK = 'SELECT id, title, completed, created_at, updated_at FROM tasks';

// Fields `update` accepts, with their column and how the value is stored.
// Column names come only from this table, never from the caller, so the dynamic SQL stays safe.
const UPDATABLE = {
  title: { column: 'title', toDb: (value) => value },
  completed: { column: 'completed', toDb: (value) => (value ? 1 : 0) },
};

/** @returns {Task} */
function toTask(row) {
  return {
    id: row.id,
    title: row.title,
    completed: row.completed === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Data access for tasks. Input is assumed valid: validation belongs to the service layer.
 * @param {import('node:sqlite').DatabaseSync} db
 */
export function createTaskRepository(db) {
  const selectAll = db.prepare(`${SELECT_TASK} ORDER BY id`);
  const selectByCompleted = db.prepare(`${SELECT_TASK} WHERE completed = ? ORDER BY id`);
  const selectById = db.prepare(`${SELECT_TASK} WHERE id = ?`);
  const insert = db.prepare('INSERT INTO tasks (title, completed) VALUES (?, ?)');
  const deleteById = db.prepare('DELETE FROM tasks WHERE id = ?');

  /** @returns {Task | null} */
  function findById(id) {
    const row = selectById.get(id);
    return row ? toTask(row) : null;
  }

  /** @param {TaskFilter} [filter] @returns {Task[]} */
  function list(filter = {}) {
    const rows = filter.completed === undefined
      ? selectAll.all()
      : selectByCompleted.all(filter.completed ? 1 : 0);
    return rows.map(toTask);
  }

  /** @param {{ title: string, completed?: boolean }} input @returns {Task} */
  function create({ title, completed = false }) {
    const { lastInsertRowid } = insert.run(title, completed ? 1 : 0);
    return /** @type {Task} */ (findById(Number(lastInsertRowid)));
  }

  /**
   * Changes only the fields present in `patch`.
   * @param {number} id
   * @param {Partial<Pick<Task, 'title' | 'completed'>>} patch
   * @returns {Task | null} the updated task, or null if there is no task with this id
   */
  function update(id, patch) {
    const assignments = [];
    const values = [];
    for (const [field, value] of Object.entries(patch)) {
      if (!Object.hasOwn(UPDATABLE, field)) throw new TypeError(`Cannot update task field "${field}"`);
      assignments.push(`${UPDATABLE[field].column} = ?`);
      values.push(UPDATABLE[field].toDb(value));
    }
    if (assignments.length === 0) return findById(id);
    const sql = `UPDATE tasks SET ${assignments.join(', ')}, updated_at = ${NOW} WHERE id = ?`;
    const { changes } = db.prepare(sql).run(...values, id);
    return changes === 0 ? null : findById(id);
  }

  /** @returns {boolean} whether a task was deleted */
  function remove(id) {
    return deleteById.run(id).changes > 0;
  }

  return { list, findById, create, update, remove };
}
