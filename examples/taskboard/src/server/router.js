/**
 * @typedef {{ req: import('node:http').IncomingMessage, url: URL, params: Record<string, string> }} RouteContext
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} RouteResult
 * @typedef {{ method: string, path: string, handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult> }} Route
 */

/**
 * Compiles routes such as `/api/tasks/:id` into a matcher.
 * A path that exists under another method yields `allowed`, so the caller can answer 405 rather than 404.
 * @param {Route[]} routes
 */
export function createRouter(routes) {
  const compiled = routes.map((route) => ({
    ...route,
    pattern: new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}/?$`),
  }));

  /** @returns {{ handler: Route['handler'], params: Record<string, string> } | { allowed: string[] } | null} */
  return function match(method, pathname) {
    const allowed = [];
    for (const route of compiled) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (route.method === method) return { handler: route.handler, params: { ...found.groups } };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : null;
  };
}
