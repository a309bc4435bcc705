/** @module docs/protocol.md §6 Step 7: custom, default and hybrid fingerprints, every variable, and the fingerprint rules. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { resolveFingerprintVariable } from '../src/group/fingerprint.ts';
import type { FingerprintRule } from '../src/index.ts';
import { browserFrame, errorEvent, exception, group, hashes, nodeFrame, normalize } from './event-builders.ts';

const md5 = (...values: string[]): string => createHash('md5').update(values.join('')).digest('hex');
const stackA = [nodeFrame('handle')];
const stackB = [nodeFrame('render')];

describe('client fingerprints', () => {
  it('replaces default grouping with a custom fingerprint', () => {
    const a = hashes(errorEvent({ frames: stackA }, 'node', { fingerprint: ['payment-provider-down'] }));
    const b = hashes(errorEvent({ type: 'Other', frames: stackB }, 'node', { fingerprint: ['payment-provider-down'] }));
    assert.deepEqual(a, [md5('payment-provider-down')]);
    assert.deepEqual(a, b);
  });

  it('stringifies numbers in a fingerprint, as Relay does', () => {
    assert.deepEqual(hashes({ message: 'x', fingerprint: ['http', 502] }), [md5('http', '502')]);
  });

  it('treats ["{{ default }}"] (spaces optional) exactly like no fingerprint', () => {
    const plain = hashes(errorEvent({ frames: stackA }));
    for (const entry of ['{{ default }}', '{{default}}', '{{   default }}']) {
      assert.deepEqual(hashes(errorEvent({ frames: stackA }, 'node', { fingerprint: [entry] })), plain, entry);
    }
  });

  it('splits default grouping further with a hybrid fingerprint', () => {
    const hybrid = (frames: typeof stackA, tenant: string) => hashes(errorEvent({ frames }, 'node', { fingerprint: ['{{ default }}', tenant] }));
    const plain = hashes(errorEvent({ frames: stackA }));
    assert.notDeepEqual(hybrid(stackA, 'tenant-a'), hybrid(stackA, 'tenant-b'));
    assert.notDeepEqual(hybrid(stackA, 'tenant-a'), hybrid(stackB, 'tenant-a'));
    assert.notDeepEqual(hybrid(stackA, 'tenant-a'), plain);
    // the default marker stands for the variant's own values, in place
    assert.deepEqual(hybrid(stackA, 'tenant-a'), [md5('handler.js', 'handle', 'Error', 'tenant-a')]);
  });

  it('keeps an unknown variable as literal text', () => {
    assert.deepEqual(hashes({ message: 'x', fingerprint: ['{{ nonsense }}', 'a'] }), [md5('{{ nonsense }}', 'a')]);
  });

  it('resolves variables inside a fingerprint', () => {
    const withTx = (transaction: string) => hashes({ message: 'x', transaction, fingerprint: ['{{ transaction }}'] });
    assert.deepEqual(withTx('/checkout'), [md5('/checkout')]);
    assert.notDeepEqual(withTx('/checkout'), withTx('/cart'));
  });
});

describe('fingerprint variables', () => {
  const event = normalize({
    platform: 'node',
    level: 'warning',
    logger: 'payments',
    transaction: 'POST /pay',
    tags: { tenant: 'acme' },
    exception: {
      values: [
        exception({ type: 'Cause', value: 'inner' }),
        exception({
          type: 'PaymentError',
          value: 'card declined',
          frames: [
            nodeFrame('charge', '/srv/app/src/pay.js', { module: 'app.pay', package: '/srv/app/bin/payments.so' }),
            nodeFrame('post', '/srv/app/node_modules/stripe/index.js'),
          ],
        }),
      ],
    },
  });
  const bare = normalize({ platform: 'node' });
  const cases: Array<[string[], string, string]> = [
    [['transaction'], 'POST /pay', '<no-transaction>'],
    [['message'], 'card declined', '<no-message>'],
    [['type', 'error.type'], 'PaymentError', '<no-type>'],
    [['value', 'error.value'], 'card declined', '<no-value>'],
    [['function', 'stack.function'], 'charge', '<no-function>'],
    [['path', 'stack.abs_path'], '/srv/app/src/pay.js', '<no-abs-path>'],
    [['stack.filename'], '/srv/app/src/pay.js', '<no-filename>'],
    [['module', 'stack.module'], 'app.pay', '<no-module>'],
    [['package', 'stack.package'], 'payments.so', '<no-package>'],
    [['logger'], 'payments', '<no-logger>'],
    [['tags.tenant'], 'acme', '<no-value-for-tag-tenant>'],
  ];
  for (const [names, expected, missing] of cases) {
    for (const name of names) {
      it(`{{ ${name} }} → the event's value, or ${missing}`, () => {
        assert.equal(resolveFingerprintVariable(name, event), expected);
        assert.equal(resolveFingerprintVariable(name, bare), missing);
      });
    }
  }

  it('{{ level }} → the event level', () => {
    assert.equal(resolveFingerprintVariable('level', event), 'warning');
  });

  it('{{ message }} prefers the formatted message over the exception value', () => {
    assert.equal(resolveFingerprintVariable('message', normalize({ message: 'hello', exception: [exception({ value: 'v' })] })), 'hello');
  });

  it('returns undefined for an unknown variable', () => {
    assert.equal(resolveFingerprintVariable('nonsense', event), undefined);
  });
});

describe('fingerprint rules', () => {
  it('groups every ChunkLoadError together (built-in), by type or by value prefix', () => {
    const byType = hashes(errorEvent({ type: 'ChunkLoadError', value: 'Loading chunk 5 failed.', frames: [browserFrame('a')] }, 'javascript'));
    const byValue = hashes(errorEvent({ type: 'Error', value: 'ChunkLoadError: Loading chunk 9 failed.', frames: [browserFrame('b')] }, 'javascript'));
    assert.deepEqual(byType, [md5('chunkloaderror')]);
    assert.deepEqual(byValue, [md5('chunkloaderror')]);
  });

  it('applies the JavaScript built-ins only to JavaScript events', () => {
    assert.notDeepEqual(hashes(errorEvent({ type: 'ChunkLoadError', frames: stackA }, 'python')), [md5('chunkloaderror')]);
  });

  it('groups React hydration errors per transaction (built-in)', () => {
    const hydration = (transaction: string | undefined, frames: typeof stackA) =>
      hashes(errorEvent({ type: 'Error', value: 'Text content does not match server-rendered HTML.', frames }, 'javascript', transaction ? { transaction } : {}));
    assert.deepEqual(hydration('/rooms/[id]', [browserFrame('a')]), [md5('hydrationerror', '/rooms/[id]')]);
    assert.deepEqual(hydration('/rooms/[id]', [browserFrame('a')]), hydration('/rooms/[id]', [browserFrame('b')]));
    assert.notDeepEqual(hydration('/rooms/[id]', [browserFrame('a')]), hydration('/lobby', [browserFrame('a')]));
    // without a transaction tag the rule does not apply
    assert.notDeepEqual(hydration(undefined, [browserFrame('a')]), [md5('hydrationerror', '<no-value-for-tag-transaction>')]);
    const minified = hashes(errorEvent({ value: 'Minified React error #418; visit https://react.dev/errors/418', frames: [browserFrame('a')] }, 'javascript', { transaction: '/x' }));
    assert.deepEqual(minified, [md5('hydrationerror', '/x')]);
  });

  it('checks project rules before the built-ins, and the first match replaces the client fingerprint', () => {
    const event = errorEvent({ type: 'ChunkLoadError', value: 'x', frames: stackA }, 'javascript', { fingerprint: ['client'], tags: { team: 'web' } });
    const rules: FingerprintRule[] = [
      { match: { 'tags.team': 'mobile' }, fingerprint: ['mobile'] },
      { match: { type: 'Chunk*', 'tags.team': 'web' }, fingerprint: ['web-chunks', '{{ type }}'] },
      { match: { type: '*' }, fingerprint: ['catch-all'] },
    ];
    assert.deepEqual(hashes(event, { fingerprintRules: rules }), [md5('web-chunks', 'ChunkLoadError')]);
    assert.deepEqual(hashes(event), [md5('chunkloaderror')]);
  });

  it('matches frame matchers on one and the same frame, and supports negation', () => {
    const event = errorEvent({ frames: [nodeFrame('charge', '/srv/app/src/pay.js'), nodeFrame('post', '/srv/app/node_modules/stripe/index.js')] });
    const rule = (match: Record<string, string>) => hashes(event, { fingerprintRules: [{ match, fingerprint: ['hit'] }] })[0] === md5('hit');
    assert.equal(rule({ function: 'charge', path: '**/src/*.js' }), true);
    assert.equal(rule({ function: 'charge', path: '**/node_modules/**' }), false);
    assert.equal(rule({ function: 'post', app: 'no' }), true);
    assert.equal(rule({ '!function': 'post' }), true); // some frame isn't `post`
    assert.equal(rule({ '!level': 'error' }), false);
    assert.equal(rule({ 'unknown.matcher': '*' }), false);
  });

  it('keeps glob matching linear on long values', () => {
    const value = 'a'.repeat(16_000);
    const start = performance.now();
    group(errorEvent({ value, frames: stackA }), { fingerprintRules: [{ match: { value: '*a*a*a*a*a*a*b' }, fingerprint: ['x'] }] });
    assert.ok(performance.now() - start < 500, 'glob matcher is not exponential');
  });
});
