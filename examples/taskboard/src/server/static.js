import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Serves files under `root`. Resolves false when there is nothing to serve,
 * including any path that would escape `root` (e.g. an encoded `..%2f`).
 * @param {string} root
 */
export function createStaticHandler(root) {
  const base = resolve(root);

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  return async function serveStatic(req, res, pathname) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let file;
    try {
      file = resolve(base, `.${decodeURIComponent(pathname === '/' ? '/index.html' : pathname)}`);
    } catch {
      return false; // malformed percent-encoding
    }
    if (!file.startsWith(base + sep)) return false;

    let data;
    try {
      data = await readFile(file);
    } catch (error) {
      if (error.code === 'ENOENT' || error.code === 'EISDIR') return false;
      throw error;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': data.length,
    });
    res.end(req.method === 'HEAD' ? undefined : data);
    return true;
  };
}
