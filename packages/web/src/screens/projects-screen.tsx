/** @module Projects with their last-24-hour event counts and sparklines, and creating a new one. */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../lib/api-client.ts';
import type { Project, ProjectStats, Team } from '../lib/api-types.ts';
import { compactNumber } from '../lib/format-time.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { Sparkline } from '../components/sparkline.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../components/states.tsx';

export const PLATFORMS: Array<[string, string]> = [
  ['node', 'Node.js'],
  ['javascript', 'Browser JavaScript'],
  ['javascript-nextjs', 'Next.js'],
  ['other', 'Other'],
];

export function ProjectsScreen() {
  const org = useOrg();
  const { search } = useLocation();
  const projects = useApi<Project[]>(`/organizations/${org}/projects/`);
  const stats = useApi<ProjectStats[]>(`/organizations/${org}/project-stats/`, { statsPeriod: '24h' });
  const [creating, setCreating] = useState(search.get('new') === '1');
  const byId = new Map((stats.data ?? []).map((s) => [s.id, s]));

  return (
    <>
      <PageHeader title="Projects" sub="Each project has its own DSN; point a Sentry SDK at it and errors show up here.">
        {!creating && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            Create project
          </button>
        )}
      </PageHeader>
      {creating && <CreateProjectForm onCancel={() => setCreating(false)} />}
      {projects.error ? (
        <ErrorState error={projects.error} onRetry={projects.reload} />
      ) : !projects.data ? (
        <Loading label="Loading projects…" />
      ) : projects.data.length === 0 ? (
        !creating && (
          <EmptyState title="No projects yet">
            <p>Create a project to get a DSN and the setup code for your SDK.</p>
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              Create your first project
            </button>
          </EmptyState>
        )
      ) : (
        <ul className="project-list" aria-label="Projects">
          {projects.data.map((p) => {
            const s = byId.get(p.id);
            return (
              <li key={p.id} className="card project-card">
                <div className="project-main">
                  <h2 className="project-name">
                    <Link to={`/issues/?project=${p.id}`}>{p.name}</Link>
                  </h2>
                  <p className="muted">
                    {p.slug}
                    {p.platform ? ` · ${PLATFORMS.find(([id]) => id === p.platform)?.[1] ?? p.platform}` : ''}
                    {p.team ? ` · team ${p.team.name}` : ''}
                  </p>
                </div>
                <div className="project-stats">
                  <Sparkline data={s?.stats} width={120} height={28} />
                  <p>
                    <strong>{s ? compactNumber(s.total) : '…'}</strong> <span className="muted">events in 24 h</span>
                  </p>
                </div>
                <div className="project-links">
                  <Link to={`/issues/?project=${p.id}`} className="btn btn-small">
                    Issues<span className="visually-hidden"> of {p.name}</span>
                  </Link>
                  <Link to={`/projects/${p.slug}/`} className="btn btn-small">
                    Setup<span className="visually-hidden"> of {p.name}</span>
                  </Link>
                  <Link to={`/projects/${p.slug}/keys/`} className="btn btn-small">
                    Keys<span className="visually-hidden"> of {p.name}</span>
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function CreateProjectForm({ onCancel }: { onCancel: () => void }) {
  const org = useOrg();
  const teams = useApi<Team[]>(`/organizations/${org}/teams/`);
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState('node');
  const [team, setTeam] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const teamSlug = team || teams.data?.[0]?.slug || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await api.post<Project>(`/teams/${org}/${teamSlug}/projects/`, { name, platform });
      navigate(`/projects/${p.slug}/?created=1`);
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
      setBusy(false);
    }
  };

  return (
    <form className="card form form-inline-card" onSubmit={submit} aria-labelledby="new-project-title">
      <h2 id="new-project-title">New project</h2>
      <div className="form-row">
        <label className="field">
          <span>Name</span>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} placeholder="signaling-server" autoFocus />
        </label>
        <label className="field">
          <span>Platform</span>
          <select value={platform} onChange={(e) => setPlatform(e.target.value)}>
            {PLATFORMS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Team</span>
          <select value={teamSlug} onChange={(e) => setTeam(e.target.value)} disabled={!teams.data}>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormError error={error ?? (teams.error ? teams.error.message : null)} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim() || !teamSlug}>
          {busy ? 'Creating…' : 'Create project'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
