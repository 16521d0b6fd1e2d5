import { HttpError, ValidationError } from './errors.js';

const MAX_BODY_BYTES = 64 * 1024;

/** Reads and parses a JSON request body, rejecting the wrong type, oversize or malformed input. */
export async function readJson(req) {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('Request body is not valid JSON');
  }
}

/** @param {import('node:http').ServerResponse} res */
export function sendJson(res, status, body, headers = {}) {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Turns any thrown value into a JSON error response; unexpected errors are logged, not leaked. */
export function sendError(res, error) {
  if (error instanceof HttpError) {
    const body = error.details.length > 0
      ? { error: error.message, details: error.details }
      : { error: error.message };
    sendJson(res, error.status, body, error.headers);
    return;
  }
  console.error(error);
  sendJson(res, 500, { error: 'Internal server error' });
}
