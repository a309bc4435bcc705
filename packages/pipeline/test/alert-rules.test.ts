/** Alert rules: parsing (defaults, Sentry aliases, every refusal names its field) and evaluation (filters, conditions, lazy counts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AlertRuleError,
  defaultAlertRule,
  describeTrigger,
  firingCondition,
  parseAlertRule,
  passesFilters,
  quietMinutes,
  type AlertFacts,
  type AlertRuleSpec,
} from '../src/index.ts';

const minimal = { name: 'r', conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: 'https://example.com/hook' }] };

function refused(input: unknown, field: string, base?: AlertRuleSpec): void {
  assert.throws(
    () => parseAlertRule(input, base),
    (err: unknown) => err instanceof AlertRuleError && err.field === field,
    `expected a refusal naming ${field}`,
  );
}

describe('parseAlertRule', () => {
  it('fills Sentry-like defaults', () => {
    const r = parseAlertRule(minimal);
    assert.equal(r.status, 'active');
    assert.equal(r.actionMatch, 'any');
    assert.equal(r.filterMatch, 'all');
    assert.equal(r.frequency, 30);
    assert.equal(r.environment, null);
    assert.deepEqual(r.filters, []);
  });

  it('accepts Sentry ids, level numbers and interval strings', () => {
    const r = parseAlertRule({
      ...minimal,
      conditions: [
        { id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' },
        { id: 'sentry.rules.conditions.regression_event.RegressionEventCondition' },
        { id: 'sentry.rules.conditions.reappeared_event.ReappearedEventCondition' },
        { id: 'sentry.rules.conditions.event_frequency.EventFrequencyCondition', value: 100, interval: '1h' },
      ],
      filters: [
        { id: 'sentry.rules.filters.level.LevelFilter', match: 'gte', level: '40' },
        { id: 'sentry.rules.filters.tagged_event.TaggedEventFilter', key: 'server_name', match: 'eq', value: 'web-1' },
      ],
    });
    assert.deepEqual(r.conditions, [{ id: 'first_seen' }, { id: 'regression' }, { id: 'escalating' }, { id: 'event_frequency', value: 100, interval: 60 }]);
    assert.deepEqual(r.filters, [
      { id: 'level', match: 'gte', level: 'error' },
      { id: 'tagged_event', key: 'server_name', match: 'eq', value: 'web-1' },
    ]);
  });

  it('normalizes actions', () => {
    const r = parseAlertRule({
      ...minimal,
      actions: [
        { id: 'email' },
        { id: 'email', targetType: 'addresses', addresses: 'a@x.io, b@y.io' },
        { id: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
        { id: 'pagerduty', routingKey: 'abc123' },
        { id: 'webhook', url: 'http://127.0.0.1:9/x' },
      ],
    });
    assert.deepEqual(r.actions, [
      { id: 'email', targetType: 'members', addresses: [] },
      { id: 'email', targetType: 'addresses', addresses: ['a@x.io', 'b@y.io'] },
      { id: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
      { id: 'pagerduty', routingKey: 'abc123', severity: 'auto', apiUrl: null },
      { id: 'webhook', url: 'http://127.0.0.1:9/x' },
    ]);
  });

  it('refuses bad input, naming the field', () => {
    refused(null, 'rule');
    refused({ ...minimal, name: '  ' }, 'name');
    refused({ ...minimal, name: undefined }, 'name');
    refused({ ...minimal, conditions: [] }, 'conditions');
    refused({ ...minimal, actions: [] }, 'actions');
    refused({ ...minimal, conditions: [{ id: 'nope' }] }, 'conditions[0].id');
    refused({ ...minimal, conditions: [{ id: 'event_frequency', value: 0, interval: 5 }] }, 'conditions[0].value');
    refused({ ...minimal, conditions: [{ id: 'event_frequency', value: 5, interval: '2y' }] }, 'conditions[0].interval');
    refused({ ...minimal, conditions: [{ id: 'event_frequency', value: 5, interval: 50_000 }] }, 'conditions[0].interval');
    refused({ ...minimal, filters: [{ id: 'level', level: 'loud' }] }, 'filters[0].level');
    refused({ ...minimal, filters: [{ id: 'tagged_event', key: 'a', match: 'eq' }] }, 'filters[0].value');
    refused({ ...minimal, filters: [{ id: 'tagged_event', key: '', match: 'is' }] }, 'filters[0].key');
    refused({ ...minimal, actions: [{ id: 'email', targetType: 'addresses', addresses: [] }] }, 'actions[0].addresses');
    refused({ ...minimal, actions: [{ id: 'email', targetType: 'addresses', addresses: ['not-an-address'] }] }, 'actions[0].addresses');
    refused({ ...minimal, actions: [{ id: 'slack', webhookUrl: 'ftp://x' }] }, 'actions[0].webhookUrl');
    refused({ ...minimal, actions: [{ id: 'pagerduty', routingKey: 'has spaces' }] }, 'actions[0].routingKey');
    refused({ ...minimal, actions: [{ id: 'webhook' }] }, 'actions[0].url');
    refused({ ...minimal, actions: ['webhook'] }, 'actions[0]');
    refused({ ...minimal, frequency: 0 }, 'frequency');
    refused({ ...minimal, status: 'paused' }, 'status');
    refused({ ...minimal, environment: 5 }, 'environment');
  });

  it('edits on top of a base rule', () => {
    const base = parseAlertRule({ ...minimal, environment: 'production', frequency: 5 });
    const r = parseAlertRule({ name: 'renamed' }, base);
    assert.equal(r.name, 'renamed');
    assert.equal(r.environment, 'production');
    assert.equal(r.frequency, 5);
    assert.equal(parseAlertRule({ environment: null }, base).environment, null);
  });

  it('parses its own output to the same rule, the default rule included', () => {
    for (const spec of [defaultAlertRule(), parseAlertRule({ ...minimal, filters: [{ id: 'tagged_event', key: 'k', match: 'ns' }] })]) {
      assert.deepEqual(parseAlertRule(JSON.parse(JSON.stringify(spec))), spec);
    }
  });
});

const facts = (over: Partial<AlertFacts> = {}): AlertFacts => ({
  isNewIssue: false,
  regressed: false,
  escalated: false,
  level: 'error',
  environment: 'production',
  tags: [
    ['environment', 'production'],
    ['server_name', 'web-1'],
  ],
  ...over,
});
const rule = (over: Record<string, unknown>) => parseAlertRule({ ...minimal, ...over });
const never = async () => assert.fail('no count should be needed');

describe('firingCondition', () => {
  it('fires on the matching state condition without counting', async () => {
    const r = rule({ conditions: [{ id: 'first_seen' }, { id: 'regression' }, { id: 'event_frequency', value: 1, interval: 5 }] });
    assert.deepEqual(await firingCondition(r, facts({ isNewIssue: true }), never), { id: 'first_seen' });
    assert.deepEqual(await firingCondition(r, facts({ regressed: true }), never), { id: 'regression' });
    assert.deepEqual(await firingCondition(rule({ conditions: [{ id: 'escalating' }] }), facts({ escalated: true }), never), { id: 'escalating' });
    assert.equal(await firingCondition(rule({ conditions: [{ id: 'escalating' }] }), facts({ isNewIssue: true }), never), null);
  });

  it('counts only when a frequency condition can decide, and fires above the threshold', async () => {
    const r = rule({ conditions: [{ id: 'event_frequency', value: 10, interval: 5 }] });
    const asked: Array<[number, number]> = [];
    const count = (n: number) => async (minutes: number, moreThan: number) => (asked.push([minutes, moreThan]), n);
    assert.equal(await firingCondition(r, facts(), count(10)), null);
    assert.deepEqual(await firingCondition(r, facts(), count(11)), { id: 'event_frequency', value: 10, interval: 5 });
    assert.deepEqual(asked, [
      [5, 10],
      [5, 10],
    ]);
  });

  it('all: every condition must hold; the frequency one is reported', async () => {
    const r = rule({ actionMatch: 'all', conditions: [{ id: 'regression' }, { id: 'event_frequency', value: 2, interval: 60 }] });
    assert.equal(await firingCondition(r, facts(), never), null);
    assert.equal(await firingCondition(r, facts({ regressed: true }), async () => 2), null);
    assert.deepEqual(await firingCondition(r, facts({ regressed: true }), async () => 3), { id: 'event_frequency', value: 2, interval: 60 });
  });

  it('filters and the environment stop the rule before anything else', async () => {
    const hit = facts({ isNewIssue: true });
    assert.equal(await firingCondition(rule({ environment: 'staging' }), hit, never), null);
    assert.ok(await firingCondition(rule({ environment: 'production' }), hit, never));
    assert.equal(await firingCondition(rule({ filters: [{ id: 'level', match: 'gte', level: 'fatal' }] }), hit, never), null);
  });
});

describe('passesFilters', () => {
  const f = (filters: unknown[], filterMatch = 'all') => passesFilters(rule({ filters, filterMatch }), facts({ level: 'warning' }));
  it('level: gte, eq, lte', () => {
    assert.equal(f([{ id: 'level', match: 'gte', level: 'warning' }]), true);
    assert.equal(f([{ id: 'level', match: 'gte', level: 'error' }]), false);
    assert.equal(f([{ id: 'level', match: 'eq', level: 'warning' }]), true);
    assert.equal(f([{ id: 'level', match: 'lte', level: 'info' }]), false);
  });
  it('tags: every match type', () => {
    const t = (match: string, value = '') => f([{ id: 'tagged_event', key: 'server_name', match, value }]);
    assert.deepEqual(
      [t('eq', 'web-1'), t('eq', 'web'), t('ne', 'web-1'), t('ne', 'web-2'), t('sw', 'web'), t('ew', '-1'), t('co', 'b-'), t('nc', 'b-'), t('is'), t('ns')],
      [true, false, false, true, true, true, true, false, true, false],
    );
    assert.equal(f([{ id: 'tagged_event', key: 'missing', match: 'ns' }]), true);
  });
  it('filterMatch any / all', () => {
    const filters = [
      { id: 'level', match: 'gte', level: 'fatal' },
      { id: 'tagged_event', key: 'server_name', match: 'eq', value: 'web-1' },
    ];
    assert.equal(f(filters, 'all'), false);
    assert.equal(f(filters, 'any'), true);
  });
});

describe('quietMinutes and describeTrigger', () => {
  it('a frequency condition stays quiet for its whole window', () => {
    const r = rule({ frequency: 10 });
    assert.equal(quietMinutes(r, { id: 'first_seen' }), 10);
    assert.equal(quietMinutes(r, { id: 'event_frequency', value: 1, interval: 60 }), 60);
    assert.equal(quietMinutes(r, { id: 'event_frequency', value: 1, interval: 5 }), 10);
  });
  it('words', () => {
    assert.equal(describeTrigger({ id: 'first_seen' }), 'New issue');
    assert.equal(describeTrigger({ id: 'event_frequency', value: 100, interval: 60 }), 'More than 100 events in 1 h');
    assert.equal(describeTrigger({ id: 'event_frequency', value: 1, interval: 5 }), 'More than 1 event in 5 min');
  });
});
