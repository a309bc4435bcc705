/**
 * @module A project's client keys (DSNs): create, disable / enable, rotate. A disabled key is refused at ingest;
 * rotating creates a fresh key and disables the old one, so deploys can switch over before it is deleted.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api-client.ts';
import type { Project, ProjectKey } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { ProjectSettingsTabs } from './project-settings-tabs.tsx';
import { SettingsLayout } from './settings-layout.tsx';
import { useAction } from '../../lib/use-action.ts';

export function KeysScreen({ slug }: { slug: string }) {
  const org = useOrg();
  const project = useApi<Project>(`/projects/${org}/${slug}/`);
  const keys = useApi<ProjectKey[]>(`/projects/${org}/${slug}/keys/`);
  const [name, setName] = useState('');
  const path = `/projects/${org}/${slug}/keys/`;

  const { error, run } = useAction(keys.reload);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.post(path, { name: name.trim() || 'Default' })).then(() => setName(''));
  };
  const rotate = (k: ProjectKey) =>
    run(async () => {
      await api.post(path, { name: k.name });
      await api.put(`${path}${k.id}/`, { isActive: false });
    });

  const body = project.error ? (
    <ErrorState error={project.error} onRetry={project.reload} />
  ) : keys.error ? (
    <ErrorState error={keys.error} onRetry={keys.reload} />
  ) : !keys.data || !project.data ? (
    <Loading label="Loading keys…" />
  ) : (
    <>
      <PageHeader title={`${project.data.name}: client keys`} sub="Each key is a DSN. Disable a leaked key to refuse its events; rotate to issue a new one.">
        <Link to={`/projects/${slug}/`} className="btn">
          Setup instructions
        </Link>
      </PageHeader>
      <ProjectSettingsTabs slug={slug} />
      <form className="card form form-inline-card" onSubmit={create} aria-label="Create a key">
        <div className="form-row">
          <label className="field">
            <span>New key name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. dashboard-production" />
          </label>
          <div className="field field-button">
            <button type="submit" className="btn btn-primary">
              Create key
            </button>
          </div>
        </div>
        <FormError error={error} />
      </form>
      {keys.data.length === 0 ? (
        <EmptyState title="No keys" />
      ) : (
        <ul className="key-list" aria-label="Keys">
          {keys.data.map((k) => (
            <li key={k.id} className={`card key-card${k.isActive ? '' : ' is-disabled'}`}>
              <div className="key-head">
                <h2 className="key-name">{k.name}</h2>
                <span className={`status ${k.isActive ? 'status-unresolved' : 'status-ignored'}`}>{k.isActive ? 'active' : 'disabled'}</span>
                <span className="muted">
                  created <TimeAgo date={k.dateCreated} />
                </span>
              </div>
              <div className="dsn-row">
                <code className="dsn">{k.dsn.public}</code>
                <CopyButton text={k.dsn.public} label={`Copy DSN of ${k.name}`} />
              </div>
              <div className="key-actions">
                <button type="button" className="btn btn-small" onClick={() => run(() => api.put(`${path}${k.id}/`, { isActive: !k.isActive }))}>
                  {k.isActive ? 'Disable' : 'Enable'}
                </button>
                <ConfirmButton
                  className="btn btn-small"
                  title={`Rotate ${k.name}?`}
                  message={<p>A new key with the same name is created and this one is disabled: SDKs still using it are refused from now on.</p>}
                  confirmLabel="Rotate key"
                  onConfirm={() => rotate(k)}
                  disabled={!k.isActive}
                >
                  Rotate
                </ConfirmButton>
                <ConfirmButton
                  className="btn btn-small btn-danger-outline"
                  title={`Delete ${k.name}?`}
                  message={<p>Events sent with this DSN are refused from now on. This cannot be undone.</p>}
                  confirmLabel="Delete key"
                  onConfirm={() => run(() => api.del(`${path}${k.id}/`))}
                >
                  Delete
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}
