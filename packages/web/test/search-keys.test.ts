import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wordAt } from '../src/screens/issues/search-keys.ts';

describe('wordAt (the word the search bar completes)', () => {
  it('finds a bare word being typed', () => {
    assert.deepEqual(wordAt('is:unresolved lev', 17), { start: 14, end: 17, word: 'lev' });
  });
  it('splits key and partial value, dropping an opening quote', () => {
    assert.deepEqual(wordAt('release:"web', 12), { start: 0, end: 12, word: 'release:"web', key: 'release', partial: 'web' });
    assert.deepEqual(wordAt('!level:er x', 4), { start: 0, end: 9, word: '!level:er', key: 'level', partial: 'er' });
  });
  it('is empty between words', () => {
    assert.deepEqual(wordAt('a  b', 2), { start: 2, end: 2, word: '' });
  });
});
