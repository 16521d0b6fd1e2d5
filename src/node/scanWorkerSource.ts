/**
 * The scan workers' code as one string, run with `new Worker(source, { eval: true })` (the bundles
 * are single files). A worker reads files with blocking calls (no promise or thread-pool hop per
 * file) into one reused buffer and says which may hold a match: a literal's bytes, or a regex
 * tested on the whole decoded text with the `m` flag, which matches whenever some line matches.
 *
 * Message in: `{ id, root, paths, maxBytes, literal?: { needle, folded }, regex?: { pattern, flags, required, folded } }`.
 * Out: `{ id, files, unread, binary }`, or `{ id, invalid }`. `workerData.heartbeat` is a shared
 * Int32Array slot the worker bumps per file, so the pool can tell a regex stuck on one file.
 *
 * Binary and encoding rules mirror core/tools/text.ts (decodeText, looksBinary): UTF-16 files (by
 * BOM) are always candidates; a UTF-8 BOM is trusted; otherwise a NUL or over 10% control
 * characters in the first 8 KB is binary; text is UTF-8 when valid, else latin1.
 */
export function scanWorkerSource(): string {
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const heartbeat = new Int32Array(workerData.heartbeat);
const SMALL = 1 << 20;
let buffer = Buffer.allocUnsafe(SMALL);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// ASCII bytes read the same as UTF-8 and latin1: a one-byte string, copied, not decoded (Node 19.6+).
const isAscii = require('node:buffer').isAscii || (() => false);
const looksBinary = (bytes) => {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
};
// A case-insensitive literal is found through its rarest pair of bytes, in each of their case
// spellings (at most four scans at memchr speed), each hit checked in full with ASCII folding.
const COMMON = ' ._()=,;:/-"etaoinsrlcdumphgbfywkvxzjq';
const commonness = (c) => {
  const at = COMMON.indexOf(c.toLowerCase());
  return at < 0 ? (c >= '0' && c <= '9' ? 20 : 10) : COMMON.length - at;
};
const spellings = (c) => (c.toLowerCase() === c.toUpperCase() ? [c] : [c.toLowerCase(), c.toUpperCase()]);
const foldedFinder = (needle) => {
  const lower = Buffer.from(needle, 'latin1');
  if (needle.length < 2) return (bytes) => bytes.latin1Slice(0, bytes.length).toLowerCase().includes(needle);
  let at = 0;
  for (let i = 1; i < needle.length - 1; i++) {
    if (commonness(needle[i]) + commonness(needle[i + 1]) < commonness(needle[at]) + commonness(needle[at + 1])) at = i;
  }
  const pairs = [];
  for (const a of spellings(needle[at])) for (const b of spellings(needle[at + 1])) pairs.push(Buffer.from(a + b, 'latin1'));
  const matchesAt = (bytes, start) => {
    if (start < 0 || start + lower.length > bytes.length) return false;
    for (let i = 0; i < lower.length; i++) {
      let b = bytes[start + i];
      if (b >= 65 && b <= 90) b |= 0x20;
      if (b !== lower[i]) return false;
    }
    return true;
  };
  return (bytes) => {
    for (const pair of pairs) {
      for (let hit = bytes.indexOf(pair); hit >= 0; hit = bytes.indexOf(pair, hit + 1)) {
        if (matchesAt(bytes, hit - at)) return true;
      }
    }
    return false;
  };
};
// Non-blocking open: a file replaced by a FIFO since it was listed must not hang the worker.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK || 0);
// One read into the buffer settles most files; only a file that fills it is measured with fstat.
const read = (file, maxBytes) => {
  let fd;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    let n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (n < buffer.length) return buffer.subarray(0, n);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size > maxBytes) return 'too_large';
    if (buffer.length < st.size) {
      const grown = Buffer.allocUnsafe(st.size);
      buffer.copy(grown, 0, 0, n);
      buffer = grown;
    }
    while (n < st.size) {
      const got = fs.readSync(fd, buffer, n, st.size - n, n);
      if (got === 0) break;
      n += got;
    }
    return buffer.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
};
parentPort.on('message', (job) => {
  const files = [];
  const unread = [];
  let binary = 0;
  let re;
  if (job.regex) {
    try {
      re = new RegExp(job.regex.pattern, job.regex.flags);
    } catch (err) {
      parentPort.postMessage({ id: job.id, invalid: String(err) });
      return;
    }
  }
  const needle = job.literal ? Buffer.from(job.literal.needle, 'latin1') : undefined;
  const foldedHolds = job.literal && job.literal.folded ? foldedFinder(job.literal.needle) : undefined;
  // A regex's required literals, longest first: a file missing one is never decoded.
  const required = job.regex
    ? [...job.regex.required].sort((a, b) => b.length - a.length).map((r) => {
        if (job.regex.folded) return foldedFinder(r.toLowerCase());
        const bytes = Buffer.from(r, 'latin1');
        return (b) => b.indexOf(bytes) >= 0;
      })
    : [];
  for (const rel of job.paths) {
    Atomics.add(heartbeat, 0, 1);
    const bytes = read(path.join(job.root, rel), job.maxBytes);
    if (bytes === 'too_large') unread.push(rel);
    if (bytes === undefined || bytes === 'too_large') continue;
    const b0 = bytes[0], b1 = bytes[1], b2 = bytes[2];
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
      files.push(rel);
      continue;
    }
    const bom = b0 === 0xef && b1 === 0xbb && b2 === 0xbf;
    if (!bom && looksBinary(bytes)) {
      binary++;
      continue;
    }
    let hit;
    if (needle) {
      hit = foldedHolds ? foldedHolds(bytes) : bytes.indexOf(needle) >= 0;
    } else if (!required.every((holds) => holds(bytes))) {
      hit = false;
    } else {
      const body = bom ? bytes.subarray(3) : bytes;
      let text;
      if (isAscii(body)) text = body.latin1Slice(0, body.length);
      else {
        try {
          text = utf8.decode(body);
        } catch {
          text = bytes.latin1Slice(0, bytes.length);
        }
      }
      hit = re.test(text);
    }
    if (hit) files.push(rel);
  }
  // A large file's buffer is not kept between jobs.
  if (buffer.length > SMALL) buffer = Buffer.allocUnsafe(SMALL);
  parentPort.postMessage({ id: job.id, files, unread, binary });
});
`;
}
