import { NotFoundError } from './errors.js';
import { parseListQuery, parseNewTask, parseTaskPatch } from './validation.js';

/**
 * Task use cases. Takes raw client input, validates it, and speaks to the repository;
 * knows nothing about requests or responses beyond the error types it throws.
 * @param {ReturnType<typeof import('../db/tasks.js').createTaskRepository>} repo
 */
export function createTaskService(repo) {
  return {
    /** @param {{ status?: string | null }} [query] */
    listTasks(query = {}) {
      const { status } = parseListQuery(query);
      return repo.list(status === 'all' ? {} : { completed: status === 'done' });
    },

    /** @param {number} id */
    getTask(id) {
      return repo.findById(id) ?? notFound(id);
    },

    /** @param {unknown} input */
    createTask(input) {
      return repo.create(parseNewTask(input));
    },

    /** @param {number} id @param {unknown} input */
    updateTask(id, input) {
      return repo.update(id, parseTaskPatch(input)) ?? notFound(id);
    },

    /** @param {number} id */
    deleteTask(id) {
      if (!repo.remove(id)) notFound(id);
    },
  };
}

/** @returns {never} */
function notFound(id) {
  throw new NotFoundError(`Task ${id} not found`);
}
