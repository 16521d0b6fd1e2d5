import { readJson } from './http.js';
import { parseTaskId } from './validation.js';

/**
 * The JSON API. Handlers translate HTTP to service calls and back; no rules live here.
 * @param {ReturnType<typeof import('./taskService.js').createTaskService>} service
 * @returns {import('./router.js').Route[]}
 */
export function taskRoutes(service) {
  return [
    {
      method: 'GET',
      path: '/api/tasks',
      handler: ({ url }) => ({
        status: 200,
        body: service.listTasks({ status: url.searchParams.get('status') }),
      }),
    },
    {
      method: 'POST',
      path: '/api/tasks',
      handler: async ({ req }) => {
        const task = service.createTask(await readJson(req));
        return { status: 201, body: task, headers: { location: `/api/tasks/${task.id}` } };
      },
    },
    {
      method: 'GET',
      path: '/api/tasks/:id',
      handler: ({ params }) => ({ status: 200, body: service.getTask(parseTaskId(params.id)) }),
    },
    {
      method: 'PATCH',
      path: '/api/tasks/:id',
      handler: async ({ req, params }) => {
        const id = parseTaskId(params.id);
        return { status: 200, body: service.updateTask(id, await readJson(req)) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/tasks/:id',
      handler: ({ params }) => {
        service.deleteTask(parseTaskId(params.id));
        return { status: 204 };
      },
    },
  ];
}
