import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createTaskRepository } from '../db/tasks.js';
import { HttpError, NotFoundError } from './errors.js';
import { sendError, sendJson } from './http.js';
import { createRouter } from './router.js';
import { taskRoutes } from './routes.js';
import { createStaticHandler } from './static.js';
import { createTaskService } from './taskService.js';

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/**
 * Wires repository → service → routes and returns an http.Server that is not yet listening.
 * @param {{ db: import('node:sqlite').DatabaseSync, publicDir?: string }} options
 */
export function createApp({ db, publicDir = PUBLIC_DIR }) {
  const service = createTaskService(createTaskRepository(db));
  const match = createRouter(taskRoutes(service));
  const serveStatic = createStaticHandler(publicDir);

  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = match(req.method ?? 'GET', url.pathname);
      if (route && 'handler' in route) {
        const { status, body, headers } = await route.handler({ req, url, params: route.params });
        sendJson(res, status, body, headers);
      } else if (route) {
        throw new HttpError(405, `Method ${req.method} not allowed on ${url.pathname}`, {
          headers: { allow: route.allowed.join(', ') },
        });
      } else if (url.pathname.startsWith('/api/')) {
        throw new NotFoundError(`No API route for ${req.method} ${url.pathname}`);
      } else if (!(await serveStatic(req, res, url.pathname))) {
        throw new NotFoundError(`Not found: ${url.pathname}`);
      }
    } catch (error) {
      sendError(res, error);
    }
  });
}
