import { expect, test } from 'vitest';
import slugify from '../slugify.js';

test('a regional locale falls back to its language', () => {
  expect(slugify('Grüße & Küsse', { locale: 'de-AT', lower: true })).toBe('gruesse-und-kuesse');
  expect(slugify('Åse & Øyvind', { locale: 'nb-NO' })).toBe('AAse-og-OEyvind');
});

test('an unknown locale uses the plain charmap', () => {
  expect(slugify('Grüße', { locale: 'xx-YY' })).toBe('Grusse');
});
