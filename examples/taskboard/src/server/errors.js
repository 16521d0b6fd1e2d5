/** An error that maps to an HTTP response. `details` lists what a client should fix. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {{ details?: string[], headers?: Record<string, string> }} [options]
   */
  constructor(status, message, { details = [], headers = {} } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

export class ValidationError extends HttpError {
  /** @param {string} message @param {string[]} [details] */
  constructor(message, details = []) {
    super(400, message, { details });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends HttpError {
  /** @param {string} message */
  constructor(message) {
    super(404, message);
    this.name = 'NotFoundError';
  }
}
