/**
 * @module Usage stats (Sentry's "Stats"): for each data category, what was accepted and what was dropped and why
 * (filtered, rate limited, invalid, discarded by the client), per day over a chosen period, and the storage each
 * project uses. Reads `stats_v2` and `storage-usage`; the numbers are the outcomes Faultline counts.
 */
import { useState } from 'react';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { formatBytes } from '../../lib/format-bytes.ts';
import { PageHeader } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { SettingsLayout } from './settings-layout.tsx';

interface StatsGroup {
  by: { outcome: string; category: string };
  totals: { 'sum(quantity)': number };
  series: { 'sum(quantity)': number[] };
}
interface StatsResponse {
  intervals: string[];
  groups: StatsGroup[];
}
interface StorageRow {
  id: string;
  slug: string;
  rows: number;
  bytes: number;
  kinds: Array<{ kind: string; rows: number; bytes: number }>;
}

export const OUTCOMES = ['accepted', 'filtered', 'rate_limited', 'invalid', 'client_discard'] as const;
const OUTCOME_LABEL: Record<string, string> = {
  accepted: 'Accepted',
  filtered: 'Filtered',
  rate_limited: 'Rate limited',
  invalid: 'Invalid',
  client_discard: 'Client discard',
};
const CATEGORY_LABEL: Record<string, string> = {
  error: 'Errors',
  default: 'Messages',
  transaction: 'Transactions',
  span: 'Spans',
  replay: 'Replays',
  session: 'Sessions',
  attachment: 'Attachments',
  profile: 'Profiles',
  log_item: 'Logs',
  monitor: 'Cron check-ins',
};
const PERIODS = ['24h', '7d', '14d', '30d', '90d'];

/** Per category: outcome → [total, per-interval series]. */
export function byCategory(groups: StatsGroup[]): Map<string, Map<string, StatsGroup>> {
  const out = new Map<string, Map<string, StatsGroup>>();
  for (const g of groups) {
    const m = out.get(g.by.category) ?? new Map<string, StatsGroup>();
    m.set(g.by.outcome, g);
    out.set(g.by.category, m);
  }
  return out;
}

function Chart({ intervals, outcomes, label }: { intervals: string[]; outcomes: Map<string, StatsGroup>; label: string }) {
  const width = 640;
  const height = 120;
  const totals = intervals.map((_, i) => OUTCOMES.reduce((s, o) => s + (outcomes.get(o)?.series['sum(quantity)'][i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const bar = width / Math.max(1, intervals.length);
  return (
    <svg className="stats-chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {intervals.map((t, i) => {
        let y = height;
        return OUTCOMES.map((o) => {
          const n = outcomes.get(o)?.series['sum(quantity)'][i] ?? 0;
          if (!n) return null;
          const h = Math.max(1, (n / max) * (height - 4));
          y -= h;
          return <rect key={`${t}-${o}`} className={`stats-bar stats-${o}`} x={i * bar + 1} width={Math.max(1, bar - 2)} y={y} height={h} />;
        });
      })}
    </svg>
  );
}

export function StatsScreen() {
  const org = useOrg();
  const [period, setPeriod] = useState('14d');
  const interval = period === '24h' ? '1h' : '1d';
  const stats = useApi<StatsResponse>(`/organizations/${org}/stats_v2/`, {
    field: 'sum(quantity)',
    groupBy: ['outcome', 'category'],
    statsPeriod: period,
    interval,
  });
  const storage = useApi<StorageRow[]>(`/organizations/${org}/storage-usage/`);
  const categories = stats.data ? [...byCategory(stats.data.groups).entries()].sort(([a], [b]) => a.localeCompare(b)) : [];

  return (
    <SettingsLayout>
      <PageHeader title="Stats" sub="What the SDKs sent, what was kept, and what was dropped and why." />
      <div className="segmented" role="group" aria-label="Period">
        {PERIODS.map((p) => (
          <button key={p} type="button" className="segmented-item" aria-pressed={p === period} onClick={() => setPeriod(p)}>
            {p}
          </button>
        ))}
      </div>
      {stats.error ? (
        <ErrorState error={stats.error} onRetry={stats.reload} />
      ) : !stats.data ? (
        <Loading label="Loading stats…" />
      ) : categories.length === 0 ? (
        <EmptyState title="Nothing received in this period">
          <p>Send an event with any Sentry SDK and it is counted here.</p>
        </EmptyState>
      ) : (
        categories.map(([category, outcomes]) => {
          const title = CATEGORY_LABEL[category] ?? category;
          const summary = OUTCOMES.map((o) => `${OUTCOME_LABEL[o]} ${outcomes.get(o)?.totals['sum(quantity)'] ?? 0}`).join(', ');
          return (
            <section key={category} className="card stats-card" aria-labelledby={`stats-${category}`}>
              <h2 id={`stats-${category}`}>{title}</h2>
              <dl className="stats-totals" aria-label={`${title} totals`}>
                {OUTCOMES.map((o) => (
                  <div key={o} className="stats-total">
                    <dt>
                      <span className={`stats-swatch stats-${o}`} aria-hidden="true" />
                      {OUTCOME_LABEL[o]}
                    </dt>
                    <dd>{(outcomes.get(o)?.totals['sum(quantity)'] ?? 0).toLocaleString('en')}</dd>
                  </div>
                ))}
              </dl>
              <Chart intervals={stats.data!.intervals} outcomes={outcomes} label={`${title} per ${interval === '1h' ? 'hour' : 'day'} over ${period}: ${summary}`} />
            </section>
          );
        })
      )}
      <section className="card stats-card" aria-labelledby="storage-title">
        <h2 id="storage-title">Storage</h2>
        {storage.error ? (
          <ErrorState error={storage.error} onRetry={storage.reload} />
        ) : !storage.data ? (
          <Loading label="Loading storage…" />
        ) : (
          <table className="table stats-storage">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Stored</th>
                <th scope="col">Rows</th>
                <th scope="col">Largest kinds</th>
              </tr>
            </thead>
            <tbody>
              {storage.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.slug}</th>
                  <td>{formatBytes(p.bytes)}</td>
                  <td>{p.rows.toLocaleString('en')}</td>
                  <td>{p.kinds.slice(0, 3).map((k) => `${k.kind} ${formatBytes(k.bytes)}`).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </SettingsLayout>
  );
}
