/**
 * @module A project's inbound filters (Sentry's Inbound Filters page): the four switchable filters (`…/filters/{id}/`),
 * the error-message and release globs (`filters:error_messages`, `filters:releases`) and the allowed domains of
 * browser events, each saved through Sentry's API. What a filter drops is counted as `filtered` on the Stats page.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api-client.ts';
import type { InboundFilter, Project } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { useAction } from '../../lib/use-action.ts';
import { PageHeader } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { ProjectSettingsTabs } from './project-settings-tabs.tsx';
import { SettingsLayout } from './settings-layout.tsx';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

export function FiltersScreen({ slug }: { slug: string }) {
  const org = useOrg();
  const path = `/projects/${org}/${slug}/`;
  const project = useApi<Project>(path);
  const filters = useApi<InboundFilter[]>(`${path}filters/`);
  const switches = useAction(filters.reload);
  const patterns = useAction(project.reload);
  const [messages, setMessages] = useState('');
  const [releases, setReleases] = useState('');
  const [domains, setDomains] = useState('');
  const saved = project.data;
  useEffect(() => {
    if (!saved) return;
    setMessages(saved.options?.['filters:error_messages'] ?? '');
    setReleases(saved.options?.['filters:releases'] ?? '');
    setDomains((saved.allowedDomains ?? ['*']).join('\n'));
  }, [saved]);
  const toggle = (id: string, active: boolean) => void switches.run(() => api.put(`${path}filters/${id}/`, { active }));
  const save = (e: FormEvent) => {
    e.preventDefault();
    void patterns.run(() => api.put(path, { options: { 'filters:error_messages': messages, 'filters:releases': releases }, allowedDomains: lines(domains) }));
  };

  const error = project.error ?? filters.error;
  const body = error ? (
    <ErrorState
      error={error}
      onRetry={() => {
        project.reload();
        filters.reload();
      }}
    />
  ) : !project.data || !filters.data ? (
    <Loading label="Loading filters…" />
  ) : (
    <>
      <PageHeader title={`${project.data.name}: inbound filters`} sub="Events a filter matches are dropped before they are stored (errors and transactions alike) and counted as filtered on the Stats page." />
      <ProjectSettingsTabs slug={slug} />
      <section className="card form form-inline-card" aria-label="Filters">
        {filters.data.map((f) => (
          <label key={f.id} className="check filter-switch">
            <input type="checkbox" checked={f.active} onChange={(e) => toggle(f.id, e.target.checked)} />
            <span>
              <strong>{f.name}</strong>
              <small>{f.description}</small>
            </span>
          </label>
        ))}
        <FormError error={switches.error} />
      </section>
      <form className="card form form-inline-card" onSubmit={save} aria-label="Patterns and allowed domains">
        <label className="field">
          <span>Error messages to drop</span>
          <small>One pattern a line, matched against "Type: value" or the message; * and ? are wildcards.</small>
          <textarea rows={3} value={messages} onChange={(e) => setMessages(e.target.value)} placeholder="*ResizeObserver loop*" />
        </label>
        <label className="field">
          <span>Releases to drop</span>
          <small>One pattern a line, e.g. *-beta*.</small>
          <textarea rows={2} value={releases} onChange={(e) => setReleases(e.target.value)} />
        </label>
        <label className="field">
          <span>Allowed domains</span>
          <small>Pages browser events may come from, one a line: * for any; others are refused with 403 (empty refuses every browser).</small>
          <textarea rows={2} value={domains} onChange={(e) => setDomains(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Save
          </button>
        </div>
        <FormError error={patterns.error} />
      </form>
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}
