/**
 * @module A release's health over the last 90 days from the sessions endpoint (the one Sentry's UI reads):
 * crash-free sessions and users, total sessions and users, the errored / crashed / abnormal split, and adoption
 * (this release's share of its projects' sessions), optionally for one environment. Without sessions it says how
 * the project's SDK sends them and names the release, in that SDK's language.
 */
import { useState } from 'react';
import type { SessionsResponse } from '../../lib/api-types.ts';
import { formatPercent } from '../../lib/format-percent.ts';
import { quote } from '../../lib/query-tokens.ts';
import { releaseInit } from '../../lib/release-init.ts';
import type { Snippet } from '../../lib/sdk-snippets.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { CodeBlock } from '../../components/code-block.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';

const PERIOD = { statsPeriod: '90d', interval: '1d' };
const STATUS_LABELS: Array<[string, string]> = [
  ['errored', 'Errored'],
  ['crashed', 'Crashed'],
  ['abnormal', 'Abnormal'],
];

export function ReleaseHealth({ version, projectIds, sdk }: { version: string; projectIds: number[]; sdk: Snippet['id'] }) {
  const org = useOrg();
  const [environment, setEnvironment] = useState('');
  const path = `/organizations/${org}/sessions/`;
  const scope = { ...PERIOD, project: projectIds.map(String), environment: environment || undefined };
  const query = `release:${quote(version)}`;
  const totals = useApi<SessionsResponse>(path, { ...scope, query, field: ['sum(session)', 'count_unique(user)', 'crash_free_rate(session)', 'crash_free_rate(user)'] });
  const statuses = useApi<SessionsResponse>(path, { ...scope, query, field: ['sum(session)'], groupBy: ['session.status'] });
  const envs = useApi<SessionsResponse>(path, { ...PERIOD, project: projectIds.map(String), query, field: ['sum(session)'], groupBy: ['environment'] });
  const all = useApi<SessionsResponse>(projectIds.length ? path : null, { ...scope, field: ['sum(session)'] });

  const failed = totals.error ?? statuses.error ?? envs.error;
  if (failed) return <ErrorState error={failed} onRetry={() => [totals, statuses, envs].forEach((s) => s.reload())} />;
  if (!totals.data || !statuses.data || !envs.data) return <Loading label="Loading release health…" />;

  const t = totals.data.groups[0]?.totals ?? {};
  const sessions = Number(t['sum(session)'] ?? 0);
  const environments = envs.data.groups.map((g) => String(g.by.environment)).sort();
  const byStatus = Object.fromEntries(statuses.data.groups.map((g) => [String(g.by['session.status']), Number(g.totals['sum(session)'] ?? 0)]));
  const projectSessions = Number(all.data?.groups[0]?.totals['sum(session)'] ?? 0);

  if (environments.length === 0) {
    const init = releaseInit(sdk, version);
    return (
      <div className="health-empty">
        <p>No sessions named this release in the last 90 days.</p>
        <p className="muted">{init.sessions} The SDK names the release like this:</p>
        <CodeBlock title={init.title} code={init.code} />
      </div>
    );
  }

  const stat = (label: string, value: string, hint?: string) => (
    <div className="stats-total" key={label}>
      <dt>{label}</dt>
      <dd>
        {value}
        {hint && <span className="muted health-hint"> {hint}</span>}
      </dd>
    </div>
  );
  return (
    <>
      {environments.length > 1 && (
        <label className="filter health-env">
          <span className="filter-label">Environment</span>
          <select name="environment" value={environment} onChange={(e) => setEnvironment(e.target.value)}>
            <option value="">All environments</option>
            {environments.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
      )}
      <dl className="stats-totals health-totals" aria-label="Release health totals">
        {stat('Crash-free sessions', formatPercent(t['crash_free_rate(session)']))}
        {stat('Crash-free users', formatPercent(t['crash_free_rate(user)']))}
        {stat('Sessions', String(sessions))}
        {stat('Users', String(t['count_unique(user)'] ?? 0))}
        {STATUS_LABELS.map(([k, label]) => stat(label, String(byStatus[k] ?? 0)))}
        {all.data && stat('Adoption', formatPercent(projectSessions > 0 ? sessions / projectSessions : null), `of ${projectSessions} sessions`)}
      </dl>
      <p className="muted health-note">Last 90 days{environment ? ` in ${environment}` : ''}. Errored counts sessions with a handled error that neither crashed nor ended abnormally.</p>
    </>
  );
}
