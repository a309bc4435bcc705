/**
 * @module Create or edit one alert rule: when (new issue, regression, escalation, more than N events in a time),
 * only for (environment, level, tags), what (email, Slack, PagerDuty, webhook) and how often at most per issue.
 * The server validates; its message names the field that is wrong.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../lib/api-client.ts';
import type { Project } from '../../lib/api-types.ts';
import type { AlertAction, AlertCondition, AlertFilter, AlertRule, AlertRuleInput, AlertStats, TagMatch } from '../../lib/alert-types.ts';
import { ACTION_NAMES, minutesText } from '../../lib/alert-rule-text.ts';
import { navigate } from '../../lib/router.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { ActionEditor, newAction } from './alert-action-editor.tsx';
import { SettingsLayout } from './settings-layout.tsx';

const FREQUENCIES = [1, 5, 10, 30, 60, 180, 720, 1440, 10080];
const INTERVALS = [1, 5, 15, 60, 1440, 10080, 43200];
const LEVELS = ['debug', 'info', 'warning', 'error', 'fatal'] as const;
const TAG_MATCHES: Array<[TagMatch, string]> = [
  ['eq', 'is'],
  ['ne', 'is not'],
  ['co', 'contains'],
  ['nc', 'does not contain'],
  ['sw', 'starts with'],
  ['ew', 'ends with'],
  ['is', 'is set'],
  ['ns', 'is not set'],
];

const BLANK: AlertRuleInput = {
  name: '',
  status: 'active',
  actionMatch: 'any',
  filterMatch: 'all',
  frequency: 30,
  environment: null,
  conditions: [{ id: 'first_seen' }, { id: 'regression' }],
  filters: [],
  actions: [newAction('email')],
};

export function AlertRuleScreen({ slug, ruleId }: { slug: string; ruleId: string | null }) {
  const org = useOrg();
  const project = useApi<Project>(`/projects/${org}/${slug}/`);
  const existing = useApi<AlertRule>(ruleId ? `/projects/${org}/${slug}/rules/${ruleId}/` : null);
  const stats = useApi<AlertStats>(`/projects/${org}/${slug}/alert-stats/`);
  const [rule, setRule] = useState<AlertRuleInput | null>(ruleId ? null : BLANK);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (existing.data) setRule(existing.data);
  }, [existing.data]);

  const back = `/projects/${slug}/alerts/`;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!rule) return;
    setError(null);
    setBusy(true);
    try {
      const body = { ...rule, environment: rule.environment?.trim() || null };
      if (ruleId) await api.put(`/projects/${org}/${slug}/rules/${ruleId}/`, body);
      else await api.post(`/projects/${org}/${slug}/rules/`, body);
      navigate(back);
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    } finally {
      setBusy(false);
    }
  };

  const failed = project.error ?? existing.error;
  const body = failed ? (
    <ErrorState error={failed} />
  ) : !project.data || !rule ? (
    <Loading label="Loading the rule…" />
  ) : (
    <>
      <PageHeader title={ruleId ? `Edit alert rule` : 'New alert rule'} sub={`Project ${project.data.name}`}>
        <Link to={back} className="btn">
          Back to alerts
        </Link>
      </PageHeader>
      <form className="card form alert-form" onSubmit={save} aria-label={ruleId ? 'Edit alert rule' : 'New alert rule'}>
        <div className="form-row">
          <label className="field">
            <span>Name</span>
            <input required value={rule.name} onChange={(e) => setRule({ ...rule, name: e.target.value })} placeholder="e.g. New issues to on-call" />
          </label>
          <label className="check field-button">
            <input type="checkbox" checked={rule.status === 'active'} onChange={(e) => setRule({ ...rule, status: e.target.checked ? 'active' : 'disabled' })} />
            Enabled
          </label>
        </div>
        <ConditionsEditor rule={rule} onChange={setRule} />
        <FiltersEditor rule={rule} onChange={setRule} />
        <section className="alert-part" aria-labelledby="then-title">
          <h2 id="then-title">Then</h2>
          {rule.actions.map((a, i) => (
            <ActionEditor
              key={i}
              index={i}
              action={a}
              emailConfigured={stats.data?.emailConfigured ?? true}
              secret={existing.data?.secret ?? null}
              onChange={(next) => setRule({ ...rule, actions: rule.actions.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => setRule({ ...rule, actions: rule.actions.filter((_, j) => j !== i) })}
            />
          ))}
          <div className="btn-group" aria-label="Add an action">
            {(Object.keys(ACTION_NAMES) as Array<AlertAction['id']>).map((id) => (
              <button key={id} type="button" className="btn btn-small" onClick={() => setRule({ ...rule, actions: [...rule.actions, newAction(id)] })}>
                + {ACTION_NAMES[id]}
              </button>
            ))}
          </div>
          <label className="field field-narrow">
            <span>At most once per issue every</span>
            <select value={rule.frequency} onChange={(e) => setRule({ ...rule, frequency: Number(e.target.value) })}>
              {[...new Set([...FREQUENCIES, rule.frequency])]
                .sort((x, y) => x - y)
                .map((m) => (
                  <option key={m} value={m}>
                    {minutesText(m)}
                  </option>
                ))}
            </select>
          </label>
        </section>
        <FormError error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {ruleId ? 'Save rule' : 'Create rule'}
          </button>
          {ruleId && (
            <ConfirmButton
              className="btn btn-danger-outline"
              title="Delete this rule?"
              message={<p>Notifications still waiting to be retried are cancelled. Sent ones stay in the log.</p>}
              confirmLabel="Delete rule"
              onConfirm={async () => {
                await api.del(`/projects/${org}/${slug}/rules/${ruleId}/`);
                navigate(back);
              }}
            >
              Delete
            </ConfirmButton>
          )}
        </div>
      </form>
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}

type Editor = { rule: AlertRuleInput; onChange: (r: AlertRuleInput) => void };

function ConditionsEditor({ rule, onChange }: Editor) {
  const has = (id: AlertCondition['id']) => rule.conditions.some((c) => c.id === id);
  const toggle = (c: AlertCondition, on: boolean) => onChange({ ...rule, conditions: on ? [...rule.conditions, c] : rule.conditions.filter((x) => x.id !== c.id) });
  const freq = rule.conditions.find((c): c is Extract<AlertCondition, { id: 'event_frequency' }> => c.id === 'event_frequency') ?? { id: 'event_frequency' as const, value: 100, interval: 60 };
  const setFreq = (next: Partial<typeof freq>) => onChange({ ...rule, conditions: rule.conditions.map((c) => (c.id === 'event_frequency' ? { ...freq, ...next } : c)) });
  return (
    <section className="alert-part" aria-labelledby="when-title">
      <h2 id="when-title">When</h2>
      {rule.conditions.length > 1 && (
        <label className="field field-narrow">
          <span>Fire when</span>
          <select value={rule.actionMatch} onChange={(e) => onChange({ ...rule, actionMatch: e.target.value as 'any' | 'all' })}>
            <option value="any">any of these happens</option>
            <option value="all">all of these happen</option>
          </select>
        </label>
      )}
      <div className="checks checks-column">
        <label className="check">
          <input type="checkbox" checked={has('first_seen')} onChange={(e) => toggle({ id: 'first_seen' }, e.target.checked)} />A new issue is created
        </label>
        <label className="check">
          <input type="checkbox" checked={has('regression')} onChange={(e) => toggle({ id: 'regression' }, e.target.checked)} />A resolved issue comes back (regression)
        </label>
        <label className="check">
          <input type="checkbox" checked={has('escalating')} onChange={(e) => toggle({ id: 'escalating' }, e.target.checked)} />
          An ignored issue escalates
        </label>
        <div className="check check-wrap">
          <input id="cond-frequency" type="checkbox" checked={has('event_frequency')} onChange={(e) => toggle(freq, e.target.checked)} />
          <label htmlFor="cond-frequency">An issue is seen more than</label>
          <input
            type="number"
            min={1}
            className="input-number"
            aria-label="Number of events"
            value={freq.value}
            disabled={!has('event_frequency')}
            onChange={(e) => setFreq({ value: Math.max(1, Math.floor(Number(e.target.value) || 1)) })}
          />
          <span>times in</span>
          <select aria-label="Time window" value={freq.interval} disabled={!has('event_frequency')} onChange={(e) => setFreq({ interval: Number(e.target.value) })}>
            {[...new Set([...INTERVALS, freq.interval])]
              .sort((x, y) => x - y)
              .map((m) => (
                <option key={m} value={m}>
                  {minutesText(m)}
                </option>
              ))}
          </select>
        </div>
      </div>
    </section>
  );
}

function FiltersEditor({ rule, onChange }: Editor) {
  const level = rule.filters.find((f): f is Extract<AlertFilter, { id: 'level' }> => f.id === 'level');
  const tags = rule.filters.filter((f): f is Extract<AlertFilter, { id: 'tagged_event' }> => f.id === 'tagged_event');
  const setFilters = (lvl: typeof level, tagList: typeof tags) => onChange({ ...rule, filters: [...(lvl ? [lvl] : []), ...tagList] });
  return (
    <section className="alert-part" aria-labelledby="only-title">
      <h2 id="only-title">Only for</h2>
      <div className="form-row">
        <label className="field">
          <span>Environment</span>
          <input value={rule.environment ?? ''} onChange={(e) => onChange({ ...rule, environment: e.target.value || null })} placeholder="any environment" />
        </label>
        <label className="field">
          <span>Level</span>
          <select
            value={level ? `${level.match}:${level.level}` : ''}
            onChange={(e) => {
              const [match, lvl] = e.target.value.split(':') as ['gte' | 'eq' | 'lte', (typeof LEVELS)[number]];
              setFilters(e.target.value ? { id: 'level', match, level: lvl } : undefined, tags);
            }}
          >
            <option value="">any level</option>
            {LEVELS.map((l) => (
              <option key={l} value={`gte:${l}`}>
                {l} or worse
              </option>
            ))}
            {level && level.match !== 'gte' && <option value={`${level.match}:${level.level}`}>{`${level.match === 'eq' ? 'exactly' : 'at most'} ${level.level}`}</option>}
          </select>
        </label>
      </div>
      {tags.map((f, i) => {
        const set = (next: Partial<typeof f>) => setFilters(level, tags.map((x, j) => (j === i ? { ...f, ...next } : x)));
        return (
          <div className="form-row tag-filter" key={i}>
            <label className="field">
              <span>Tag</span>
              <input value={f.key} onChange={(e) => set({ key: e.target.value })} placeholder="e.g. server_name" />
            </label>
            <label className="field field-narrow">
              <span>Match</span>
              <select value={f.match} onChange={(e) => set({ match: e.target.value as TagMatch })}>
                {TAG_MATCHES.map(([m, label]) => (
                  <option key={m} value={m}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Value</span>
              <input value={f.value} disabled={f.match === 'is' || f.match === 'ns'} onChange={(e) => set({ value: e.target.value })} />
            </label>
            <div className="field field-button">
              <button type="button" className="btn btn-small" onClick={() => setFilters(level, tags.filter((_, j) => j !== i))} aria-label={`Remove tag filter ${i + 1}`}>
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <div className="form-row">
        <button type="button" className="btn btn-small" onClick={() => setFilters(level, [...tags, { id: 'tagged_event', key: '', match: 'eq', value: '' }])}>
          + Tag filter
        </button>
        {rule.filters.length > 1 && (
          <label className="field field-narrow">
            <span>Filters must</span>
            <select value={rule.filterMatch} onChange={(e) => onChange({ ...rule, filterMatch: e.target.value as 'all' | 'any' })}>
              <option value="all">all match</option>
              <option value="any">any match</option>
            </select>
          </label>
        )}
      </div>
    </section>
  );
}
