/**
 * @module A project's data retention: how many days its error events are kept (`retentionDays` on the project),
 * or the server's `--retention-days`, and its own disk budget (`maxDiskBytes`, shown in MB). An issue keeps its
 * first and latest event and its counts whatever the age.
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
  const [megabytes, setMegabytes] = useState('');
  const current = project.data?.retentionDays ?? null;
  const budget = project.data?.maxDiskBytes ?? null;
  useEffect(() => setDays(current === null ? '' : String(current)), [current]);
  useEffect(() => setMegabytes(budget === null ? '' : String(budget / 1e6)), [budget]);
  const { error, run } = useAction(project.reload);
  const budgetAction = useAction(project.reload);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.put(path, { retentionDays: days.trim() === '' ? null : Number(days) }));
  };
  const saveBudget = (e: FormEvent) => {
    e.preventDefault();
    void budgetAction.run(() => api.put(path, { maxDiskBytes: megabytes.trim() === '' ? null : Math.round(Number(megabytes) * 1e6) }));
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
          <SaveField />
        </div>
        <FormError error={error} />
      </form>
      <form className="card form form-inline-card" onSubmit={saveBudget} aria-label="Disk budget">
        <p>{budget === null ? 'No disk budget of its own; the server-wide budget still applies.' : `Holds at most ${budget / 1e6} MB of stored data; its oldest data goes first beyond it.`}</p>
        <div className="form-row">
          <label className="field">
            <span>Disk budget in MB (empty: none of its own)</span>
            <input type="number" min={0.065536} step="any" value={megabytes} onChange={(e) => setMegabytes(e.target.value)} placeholder="no budget" />
          </label>
          <SaveField />
        </div>
        <FormError error={budgetAction.error} />
      </form>
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}

/** The Save button beside a form row's field. */
function SaveField() {
  return (
    <div className="field field-button">
      <button type="submit" className="btn btn-primary">
        Save
      </button>
    </div>
  );
}
