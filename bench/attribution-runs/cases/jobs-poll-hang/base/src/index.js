export { retry, sleep } from './retry.js';
export { mapPool } from './pool.js';
export { waitFor } from './poll.js';
