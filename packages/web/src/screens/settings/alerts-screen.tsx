/**
 * @module A project's alerts: its rules (what fires, where it goes, when it last did; enable, disable, delete),
 * what the flood brakes held back (the hourly cap's suppressed count), and every notification sent or failing.
 */
import { api } from '../../lib/api-client.ts';
import type { Project } from '../../lib/api-types.ts';
import type { AlertRule, AlertStats } from '../../lib/alert-types.ts';
import { ruleSummary } from '../../lib/alert-rule-text.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { AlertDeliveries } from './alert-deliveries.tsx';
import { ProjectSettingsTabs } from './project-settings-tabs.tsx';
import { SettingsLayout } from './settings-layout.tsx';
import { useAction } from '../../lib/use-action.ts';

export function AlertsScreen({ slug }: { slug: string }) {
  const org = useOrg();
  const project = useApi<Project>(`/projects/${org}/${slug}/`);
  const rules = useApi<AlertRule[]>(`/projects/${org}/${slug}/rules/`);
  const stats = useApi<AlertStats>(`/projects/${org}/${slug}/alert-stats/`);
  const base = `/projects/${org}/${slug}/rules/`;

  const { error, run } = useAction(rules.reload);

  const body = project.error ? (
    <ErrorState error={project.error} onRetry={project.reload} />
  ) : rules.error ? (
    <ErrorState error={rules.error} onRetry={rules.reload} />
  ) : !project.data || !rules.data ? (
    <Loading label="Loading alerts…" />
  ) : (
    <>
      <PageHeader title={`${project.data.name}: alerts`} sub="Rules decide which issues notify whom. Each rule notifies at most once per issue in its interval.">
        <Link to={`/projects/${slug}/alerts/new/`} className="btn btn-primary">
          New alert rule
        </Link>
      </PageHeader>
      <ProjectSettingsTabs slug={slug} />
      {stats.data && !stats.data.emailConfigured && rules.data.some((r) => r.actions.some((a) => a.id === 'email')) && (
        <div className="banner banner-warning" role="status">
          Email is not configured on this server, so email actions fail. Set <code>FAULTLINE_SMTP_URL</code> (see the operations guide).
        </div>
      )}
      {stats.data && <AlertStatsCard stats={stats.data} />}
      <FormError error={error} />
      {rules.data.length === 0 ? (
        <EmptyState title="No alert rules">
          <p>
            Nothing notifies anyone about this project yet. <Link to={`/projects/${slug}/alerts/new/`}>Create a rule</Link>, for example “a new issue or a
            regression → email the project members”.
          </p>
        </EmptyState>
      ) : (
        <ul className="rule-list" aria-label="Alert rules">
          {rules.data.map((r) => (
            <li key={r.id} className={`card rule-card${r.status === 'disabled' ? ' is-disabled' : ''}`}>
              <div className="rule-head">
                <h2 className="rule-name">
                  <Link to={`/projects/${slug}/alerts/${r.id}/`}>{r.name}</Link>
                </h2>
                <span className={`status ${r.status === 'active' ? 'status-resolved' : 'status-ignored'}`}>{r.status === 'active' ? 'enabled' : 'disabled'}</span>
                <span className="muted">
                  last fired <TimeAgo date={r.lastTriggered} />
                </span>
              </div>
              <p className="rule-summary">{ruleSummary(r)}</p>
              <div className="rule-actions">
                <Link to={`/projects/${slug}/alerts/${r.id}/`} className="btn btn-small">
                  Edit
                </Link>
                <button type="button" className="btn btn-small" onClick={() => run(() => api.put(`${base}${r.id}/`, { status: r.status === 'active' ? 'disabled' : 'active' }))}>
                  {r.status === 'active' ? 'Disable' : 'Enable'}
                </button>
                <ConfirmButton
                  className="btn btn-small btn-danger-outline"
                  title={`Delete “${r.name}”?`}
                  message={<p>The rule stops notifying at once; notifications still waiting to be retried are cancelled. Sent ones stay in the log.</p>}
                  confirmLabel="Delete rule"
                  onConfirm={() => run(() => api.del(`${base}${r.id}/`))}
                >
                  Delete
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AlertDeliveries
        slug={slug}
        ruleNames={new Map(rules.data.map((r) => [r.id, r.name]))}
        onRefresh={() => {
          rules.reload();
          stats.reload();
        }}
      />
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}

function AlertStatsCard({ stats }: { stats: AlertStats }) {
  const cap = stats.hourlyCap > 0 ? `${stats.hourlyCap} per hour` : 'no cap';
  return (
    <section className="card alert-stats" aria-label="Notification volume">
      <dl>
        <div>
          <dt>Sent or queued</dt>
          <dd>
            {stats.lastHour.notified} <span className="muted">last hour</span> · {stats.last24h.notified} <span className="muted">24 h</span>
          </dd>
        </div>
        <div>
          <dt>Suppressed by the cap ({cap})</dt>
          <dd className={stats.last24h.suppressed > 0 ? 'alert-suppressed' : ''}>
            {stats.lastHour.suppressed} <span className="muted">last hour</span> · {stats.last24h.suppressed} <span className="muted">24 h</span>
          </dd>
        </div>
        <div>
          <dt>Waiting to retry</dt>
          <dd>{stats.waiting}</dd>
        </div>
        <div>
          <dt>Failed (24 h)</dt>
          <dd className={stats.failed24h > 0 ? 'alert-suppressed' : ''}>{stats.failed24h}</dd>
        </div>
      </dl>
    </section>
  );
}
