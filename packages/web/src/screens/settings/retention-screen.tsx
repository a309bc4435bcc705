/**
 * @module A project's data retention: how many days its error events are kept (`retentionDays` on the project),
 * or the server's `--retention-days`. An issue keeps its first and latest event and its counts whatever the age.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api-client.ts';
import type { Project } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { useAction } from '../../lib/use-action.ts';
import { PageHeader } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { ProjectSettingsTabs } from './project-settings-tabs.tsx';
import { SettingsLayout } from './settings-layout.tsx';

export function RetentionScreen({ slug }: { slug: string }) {
  const org = useOrg();
  const path = `/projects/${org}/${slug}/`;
  const project = useApi<Project>(path);
  const [days, setDays] = useState('');
  const current = project.data?.retentionDays ?? null;
  useEffect(() => setDays(current === null ? '' : String(current)), [current]);
  const { error, run } = useAction(project.reload);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.put(path, { retentionDays: days.trim() === '' ? null : Number(days) }));
  };

  const body = project.error ? (
    <ErrorState error={project.error} onRetry={project.reload} />
  ) : !project.data ? (
    <Loading label="Loading project…" />
  ) : (
    <>
      <PageHeader title={`${project.data.name}: data retention`} sub="Error events older than this are deleted; each issue keeps its first and latest event and its counts." />
      <ProjectSettingsTabs slug={slug} />
      <form className="card form form-inline-card" onSubmit={save} aria-label="Error retention">
        <p>{current === null ? "Kept for the server's default (--retention-days)." : `Kept for ${current} days.`}</p>
        <div className="form-row">
          <label className="field">
            <span>Days to keep error events (empty: the server's default)</span>
            <input type="number" min={1} max={36500} value={days} onChange={(e) => setDays(e.target.value)} placeholder="server default" />
          </label>
          <div className="field field-button">
            <button type="submit" className="btn btn-primary">
              Save
            </button>
          </div>
        </div>
        <FormError error={error} />
      </form>
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}
