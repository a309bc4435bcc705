import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionText, conditionText, filterText, minutesText, ruleSummary } from '../src/lib/alert-rule-text.ts';

describe('alert rules in words', () => {
  it('minutes as the largest whole unit', () => {
    assert.deepEqual([1, 5, 60, 90, 180, 1440, 2880, 10080, 43200].map(minutesText), ['1 min', '5 min', '1 hour', '90 min', '3 hours', '1 day', '2 days', '1 week', '30 days']);
  });
  it('conditions, filters, actions', () => {
    assert.equal(conditionText({ id: 'event_frequency', value: 1, interval: 5 }), 'an issue is seen more than 1 time in 5 min');
    assert.equal(filterText({ id: 'level', match: 'gte', level: 'error' }), 'level ≥ error');
    assert.equal(filterText({ id: 'tagged_event', key: 'room', match: 'ns', value: '' }), 'room is not set');
    assert.equal(filterText({ id: 'tagged_event', key: 'room', match: 'co', value: 'lob' }), 'room contains "lob"');
    assert.equal(actionText({ id: 'webhook', url: 'https://hooks.example.com:8443/x?token=1' }), 'call hooks.example.com:8443');
    assert.equal(actionText({ id: 'email', targetType: 'addresses', addresses: ['a@x.io'] }), 'email a@x.io');
  });
  it('a whole rule', () => {
    assert.equal(
      ruleSummary({
        name: 'x',
        status: 'active',
        actionMatch: 'all',
        filterMatch: 'any',
        frequency: 60,
        environment: 'production',
        conditions: [{ id: 'regression' }, { id: 'event_frequency', value: 100, interval: 60 }],
        filters: [{ id: 'level', match: 'gte', level: 'error' }],
        actions: [{ id: 'slack', webhookUrl: 'https://hooks.slack.com/x' }, { id: 'pagerduty', routingKey: 'k', severity: 'auto', apiUrl: null }],
      }),
      'When a resolved issue comes back and an issue is seen more than 100 times in 1 hour (only environment production or level ≥ error) → post to Slack, trigger PagerDuty, at most every 1 hour per issue',
    );
  });
});
