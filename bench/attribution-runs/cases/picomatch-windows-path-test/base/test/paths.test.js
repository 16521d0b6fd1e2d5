import { expect, test } from 'vitest';
import picomatch from '../index.js';

test('matches the paths the editor gives us', () => {
  expect(picomatch.isMatch('src\\app.js', 'src/*.js')).toBe(true);
});
