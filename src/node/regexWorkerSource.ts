/**
 * The regex worker's code as one string, run with `new Worker(source, { eval: true })`: the
 * bundles (dist/extension.js, dist/cli.js) are single files, so there is no worker file to point
 * at. The scan itself is core's `scanTexts` and `splitLines`, embedded by their source text, so the
 * worker matches exactly as the in-thread fallback does.
 */
import { splitLines } from '../core/tools/lines';
import { scanTexts } from '../core/tools/regexMatcher';

/**
 * Message in: `{ id, pattern, flags, texts, limit }`; out: `{ id, result }` with a
 * RegexMatchResult. `workerData.progress` is a shared Int32Array slot where the worker writes the
 * index of the text it is scanning, so a timed-out call can name the file without a reply.
 */
export function regexWorkerSource(): string {
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const progress = new Int32Array(workerData.progress);
const splitLines = (${String(splitLines)});
const scanTexts = (${String(scanTexts)});
parentPort.on('message', ({ id, pattern, flags, texts, limit }) => {
  let re;
  try {
    re = new RegExp(pattern, flags);
  } catch (err) {
    parentPort.postMessage({ id, result: { kind: 'invalid', message: err instanceof Error ? err.message : String(err) } });
    return;
  }
  const matches = scanTexts(texts, splitLines, (line) => line.search(re), limit, (t) => Atomics.store(progress, 0, t));
  parentPort.postMessage({ id, result: { kind: 'matches', matches } });
});
`;
}
