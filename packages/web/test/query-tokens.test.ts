import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getToken, quote, setToken, tokenize } from '../src/lib/query-tokens.ts';

describe('query tokens', () => {
  it('splits key:value tokens, quoted values, negation and free text', () => {
    assert.deepEqual(
      tokenize('is:unresolved !level:info release:"web 1.0" TypeError').map((t) => [t.key, t.value, t.negated, t.raw]),
      [
        ['is', 'unresolved', false, 'is:unresolved'],
        ['level', 'info', true, '!level:info'],
        ['release', 'web 1.0', false, 'release:"web 1.0"'],
        [undefined, undefined, undefined, 'TypeError'],
      ],
    );
  });
  it('reads the first non-negated value', () => {
    assert.equal(getToken('!is:resolved is:ignored', 'is'), 'ignored');
    assert.equal(getToken('TypeError', 'is'), undefined);
  });
  it('replaces, adds and removes a key without touching the rest', () => {
    assert.equal(setToken('is:unresolved TypeError', 'is', 'resolved'), 'is:resolved TypeError');
    assert.equal(setToken('TypeError', 'level', 'error'), 'level:error TypeError');
    assert.equal(setToken('is:unresolved !level:info level:error boom', 'level', null), 'is:unresolved !level:info boom');
    assert.equal(setToken('', 'release', 'web 1.0'), 'release:"web 1.0"');
  });
  it('quotes only when needed', () => {
    assert.equal(quote('1.0.0'), '1.0.0');
    assert.equal(quote('a b'), '"a b"');
    assert.equal(quote('say "hi"'), '"say \\"hi\\""');
  });
});
