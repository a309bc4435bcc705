/** The error table: each kind of error gets one answer (status, detail, headers, outcome) on the API and at ingest. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope, MAX_ITEMS_PER_ENVELOPE } from '@faultline/protocol';
import { parseAlertRule, parseSearchQuery } from '@faultline/pipeline';
import { ConflictError } from '@faultline/store';
import { answerError } from '../src/http/error-answers.ts';
import { HttpError } from '../src/http/respond.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a throw');
}

const pick = (err: unknown, surface: 'api' | 'ingest' = 'api') => {
  const a = answerError(err, surface);
  return [a.status, a.outcome, a.kind];
};

describe('answerError', () => {
  it('maps each kind to its status, outcome reason and log kind', () => {
    assert.deepEqual(pick(new HttpError(403, 'no')), [403, 'invalid_key', 'expected']);
    assert.deepEqual(pick(new HttpError(401, 'who')), [401, 'invalid_key', 'expected']);
    assert.deepEqual(pick(new HttpError(429, 'slow down', { 'retry-after': '3' })), [429, 'rate_limited', 'expected']);
    assert.deepEqual(pick(new HttpError(503, 'disk full')), [503, 'internal', 'expected']);
    assert.deepEqual(pick(thrown(() => parseEnvelope(Buffer.from('{}\n{"type":"x","length":99}\nab')))), [400, 'invalid', 'expected']);
    const items = Array.from({ length: MAX_ITEMS_PER_ENVELOPE + 1 }, () => '{"type":"session"}\n{}').join('\n');
    assert.deepEqual(pick(thrown(() => parseEnvelope(Buffer.from(`{}\n${items}`), { maxItems: MAX_ITEMS_PER_ENVELOPE }))), [413, 'too_large', 'expected']);
    assert.deepEqual(pick(thrown(() => parseSearchQuery('level:"open'))), [400, 'invalid', 'expected']);
    assert.deepEqual(pick(thrown(() => parseAlertRule({}))), [400, 'invalid', 'expected']);
    assert.deepEqual(pick(new ConflictError('slug taken')), [409, 'invalid', 'expected']);
    assert.deepEqual(pick(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })), [503, 'internal', 'store_down']);
    assert.deepEqual(pick(new TypeError('x is undefined')), [500, 'internal', 'bug']);
    assert.deepEqual(pick('a string'), [500, 'internal', 'bug']);
  });

  it('keeps details and headers; a bug never shows its message; the store being down asks for a retry', () => {
    assert.equal(answerError(new ConflictError('project "web" already exists'), 'api').detail, 'project "web" already exists');
    assert.match(answerError(thrown(() => parseSearchQuery('level:"open')), 'api').detail, /^invalid search query: /);
    assert.deepEqual(answerError(new HttpError(429, 'slow', { 'retry-after': '3' }), 'api').headers, { 'retry-after': '3' });
    const bug = answerError(new Error('secret path /etc/x'), 'api');
    assert.equal(bug.detail, 'internal server error');
    const down = answerError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), 'api');
    assert.deepEqual([down.status, down.headers, down.detail], [503, { 'retry-after': '5' }, 'the store is unavailable; retry shortly']);
  });

  it('at ingest a 400 or 413 carries X-Sentry-Error (printable ASCII, 200 chars at most); the API answer does not', () => {
    const err = new HttpError(400, `bad ✗ ${'x'.repeat(300)}`);
    const ingest = answerError(err, 'ingest');
    assert.equal(ingest.headers['x-sentry-error']!.length, 200);
    assert.match(ingest.headers['x-sentry-error']!, /^bad \? x+$/);
    assert.equal(answerError(err, 'api').headers['x-sentry-error'], undefined);
    assert.equal(answerError(new HttpError(429, 'slow'), 'ingest').headers['x-sentry-error'], undefined);
    assert.deepEqual(err.headers, {}, 'the error itself is not changed');
  });
});
