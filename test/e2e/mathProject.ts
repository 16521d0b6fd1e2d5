/**
 * The small project several sidebar e2e runs work on: two helpers far enough apart in one file
 * that a change to each is its own hunk.
 */
export const MATH_HELPERS = [
  '// Small math helpers.',
  'export function add(a, b) {',
  '  return a + b;',
  '}',
  '',
  ...Array.from({ length: 12 }, (_, i) => `export const c${i} = ${i};`),
  '',
  'export function mul(a, b) {',
  '  return a * b;',
  '}',
  '',
].join('\n');
