import { expect, test } from 'vitest';
import picomatch from '../index.js';

test('scan splits the static base from the glob', () => {
  expect(picomatch.scan('src/**/*.js')).toMatchObject({ base: 'src', glob: '**/*.js', isGlob: true });
  expect(picomatch.scan('docs/readme.md')).toMatchObject({ base: 'docs/readme.md', isGlob: false });
});
