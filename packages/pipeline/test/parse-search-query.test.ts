/** @module parseSearchQuery: Sentry's issue search syntax. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SEARCH_TERMS, parseSearchQuery, SearchQueryError } from '../src/index.ts';

const filter = (key: string, value: string, op = '=', negated = false) => ({ key, value, negated, op });

describe('parseSearchQuery', () => {
  it('parses key:value filters', () => {
    assert.deepEqual(parseSearchQuery('is:unresolved level:error browser.name:Chrome'), {
      filters: [filter('is', 'unresolved'), filter('level', 'error'), filter('browser.name', 'Chrome')],
      text: [],
    });
  });

  it('negates a filter with a leading !', () => {
    assert.deepEqual(parseSearchQuery('!environment:staging').filters, [filter('environment', 'staging', '=', true)]);
  });

  it('reads quoted values, with \\" and \\\\ escapes', () => {
    assert.deepEqual(parseSearchQuery('release:"signaling@1.4.2" message:"a b" q:"say \\"hi\\" \\\\o/"').filters, [
      filter('release', 'signaling@1.4.2'),
      filter('message', 'a b'),
      filter('q', 'say "hi" \\o/'),
    ]);
  });

  it('reads comparison operators and keeps relative ages as values', () => {
    assert.deepEqual(parseSearchQuery('times_seen:>10 users:<=3 age:-24h firstSeen:>=2024-01-01 count:<5 x:=y').filters, [
      filter('times_seen', '10', '>'),
      filter('users', '3', '<='),
      filter('age', '-24h'),
      filter('firstSeen', '2024-01-01', '>='),
      filter('count', '5', '<'),
      filter('x', 'y'),
    ]);
  });

  it('collects free words and quoted phrases as text', () => {
    assert.deepEqual(parseSearchQuery('  TypeError "connection reset" level:error  visitor\t'), {
      filters: [filter('level', 'error')],
      text: ['TypeError', 'connection reset', 'visitor'],
    });
  });

  it('treats a quoted colon and a pasted URL as text', () => {
    assert.deepEqual(parseSearchQuery('"a:b" https://app.example.com/x').text, ['a:b', 'https://app.example.com/x']);
  });

  it('keeps values with colons after the first one', () => {
    assert.deepEqual(parseSearchQuery('user:id:42 tags[room]:lobby-3').filters, [filter('user', 'id:42'), filter('tags[room]', 'lobby-3')]);
  });

  it('accepts an explicit empty quoted value', () => {
    assert.deepEqual(parseSearchQuery('release:""').filters, [filter('release', '')]);
  });

  it('returns nothing for an empty or blank query', () => {
    assert.deepEqual(parseSearchQuery(''), { filters: [], text: [] });
    assert.deepEqual(parseSearchQuery(' \t\n'), { filters: [], text: [] });
  });

  it('rejects an unterminated quote, saying where it starts', () => {
    assert.throws(() => parseSearchQuery('level:error message:"oops'), (error: unknown) => {
      assert.ok(error instanceof SearchQueryError);
      assert.equal(error.position, 20);
      assert.match(error.message, /Unterminated quoted string at position 21/);
      return true;
    });
  });

  it('rejects an empty key or value', () => {
    for (const [query, message] of [[':foo', /Empty key/], ['!:foo', /Empty key/], ['level:', /Empty value for "level"/], ['times_seen:>', /Empty value/], ['a level: b', /Empty value/]] as const) {
      assert.throws(() => parseSearchQuery(query), (error: unknown) => error instanceof SearchQueryError && message.test(error.message), query);
    }
  });

  it(`accepts ${MAX_SEARCH_TERMS} terms and refuses one more, at the term that is too many`, () => {
    const terms = Array.from({ length: MAX_SEARCH_TERMS }, (_, i) => (i % 2 ? `tag${i}:v` : `word${i}`));
    const parsed = parseSearchQuery(terms.join(' '));
    assert.equal(parsed.filters.length + parsed.text.length, MAX_SEARCH_TERMS);
    const over = `${terms.join(' ')}  extra`;
    assert.throws(() => parseSearchQuery(over), (error: unknown) => {
      assert.ok(error instanceof SearchQueryError);
      assert.match(error.message, /^Too many search terms \(at most 100\)/);
      assert.equal(error.position, over.indexOf('extra'));
      return true;
    });
  });
});
