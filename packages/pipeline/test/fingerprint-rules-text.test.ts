/** @module Project fingerprint rules as text (Sentry's syntax): parsing, the errors it names, and the rule's title. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FingerprintRulesSyntaxError, parseFingerprintingRules } from '../src/index.ts';
import { errorEvent, group, nodeFrame } from './event-builders.ts';

describe('fingerprint rules text', () => {
  it('parses matchers, negation, quoted keys and values, variables with spaces, commas, comments and a title', () => {
    const rules = parseFingerprintingRules(
      [
        '# payments',
        'error.type:DatabaseUnavailable !"tags.region":eu -> system-down, {{ transaction }}',
        '',
        '  message:"connection \\"refused\\" *" function:charge -> {{ default }} payments title="Payments: {{ type }}"',
      ].join('\n'),
    );
    assert.deepEqual(rules, [
      { match: { 'error.type': 'DatabaseUnavailable', '!tags.region': 'eu' }, fingerprint: ['system-down', '{{ transaction }}'] },
      { match: { message: 'connection "refused" *', function: 'charge' }, fingerprint: ['{{ default }}', 'payments'], title: 'Payments: {{ type }}' },
    ]);
  });

  it('refuses what Sentry refuses, naming the line', () => {
    for (const [text, why] of [
      ['type:A -> a\ntypo:B -> b', /line 2: unknown matcher "typo"/],
      ['type:A b', /line 1: expected ":" after "b"/],
      ['type:A ->', /line 1: the fingerprint after "->" is empty/],
      ['-> a', /line 1: a rule needs at least one matcher/],
      ['type:A -> a colour="red"', /unknown attribute "colour"/],
      ['type:A type:B -> a', /"type" is given twice/],
    ] as const) {
      assert.throws(() => parseFingerprintingRules(text), (err: Error) => err instanceof FingerprintRulesSyntaxError && why.test(err.message), text);
    }
  });

  it('a rule with a title names the issue, with its variables filled in', () => {
    const [rule] = parseFingerprintingRules('type:TypeError -> checkout title="Checkout broke: {{ type }} in {{ function }}"');
    const g = group(errorEvent({ type: 'TypeError', value: 'x', frames: [nodeFrame('pay')] }), { fingerprintRules: [rule!] });
    assert.equal(g.title, 'Checkout broke: TypeError in pay');
    assert.equal(g.metadata.title, 'Checkout broke: TypeError in pay');
  });
});
