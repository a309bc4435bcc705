/**
 * @module Members and teams. Admins add users (with a first password), set roles (admin sees every project, member
 * only their teams' projects) and team membership, and create teams. Members see the list read-only.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../lib/api-client.ts';
import type { Member, Team } from '../../lib/api-types.ts';
import { useOrg, useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { PageHeader } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { SettingsLayout } from './settings-layout.tsx';

function TeamChecks({ teams, value, onChange, idPrefix }: { teams: Team[]; value: string[]; onChange: (v: string[]) => void; idPrefix: string }) {
  return (
    <fieldset className="checks">
      <legend>Teams</legend>
      {teams.map((t) => (
        <label key={t.id} className="check" htmlFor={`${idPrefix}-${t.slug}`}>
          <input
            id={`${idPrefix}-${t.slug}`}
            type="checkbox"
            checked={value.includes(t.slug)}
            onChange={(e) => onChange(e.target.checked ? [...value, t.slug] : value.filter((s) => s !== t.slug))}
          />
          {t.name}
        </label>
      ))}
    </fieldset>
  );
}

function AddMemberForm({ teams, onDone }: { teams: Team[]; onDone: () => void }) {
  const org = useOrg();
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'member' });
  const [chosen, setChosen] = useState<string[]>(teams[0] ? [teams[0].slug] : []);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/organizations/${org}/members/`, { ...form, teams: chosen });
      setForm({ email: '', name: '', password: '', role: 'member' });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <form className="card form form-inline-card" onSubmit={submit} aria-labelledby="add-member-title">
      <h2 id="add-member-title">Add a member</h2>
      <div className="form-row">
        <label className="field">
          <span>Email</span>
          <input type="email" required value={form.email} onChange={set('email')} autoComplete="off" />
        </label>
        <label className="field">
          <span>Name</span>
          <input value={form.name} onChange={set('name')} autoComplete="off" />
        </label>
        <label className="field">
          <span>First password</span>
          <input type="password" required minLength={8} value={form.password} onChange={set('password')} autoComplete="new-password" />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={form.role} onChange={set('role')}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </label>
      </div>
      <TeamChecks teams={teams} value={chosen} onChange={setChosen} idPrefix="new-member" />
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!form.email || form.password.length < 8}>
          Add member
        </button>
      </div>
    </form>
  );
}

function AddTeamForm({ onDone }: { onDone: () => void }) {
  const org = useOrg();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/organizations/${org}/teams/`, { name });
      setName('');
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };
  return (
    <form className="team-form" onSubmit={submit} aria-label="Create a team">
      <div className="form-row">
        <label className="field">
          <span>New team</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. widget" />
        </label>
        <div className="field field-button">
          <button type="submit" className="btn" disabled={!name.trim()}>
            Create team
          </button>
        </div>
      </div>
      <FormError error={error} />
    </form>
  );
}

function MemberRow({ m, teams, admin, me, onChange }: { m: Member; teams: Team[]; admin: boolean; me: boolean; onChange: () => void }) {
  const org = useOrg();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState(m.role);
  const [chosen, setChosen] = useState(m.teams);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      await api.put(`/organizations/${org}/members/${m.id}/`, { role, teams: chosen });
      setEditing(false);
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const names = m.teams.map((s) => teams.find((t) => t.slug === s)?.name ?? s);
  return (
    <li className="member">
      <div className="member-main">
        <p className="member-name">
          {m.name !== m.email ? m.name : m.email} {me && <span className="badge">you</span>}
        </p>
        <p className="muted">
          {m.name !== m.email && `${m.email} · `}
          {m.lastLogin ? (
            <>
              last sign-in <TimeAgo date={m.lastLogin} />
            </>
          ) : (
            'never signed in'
          )}
        </p>
      </div>
      <span className={`role role-${m.role}`}>{m.role}</span>
      <p className="member-teams">{names.length ? names.join(', ') : <span className="muted">no team</span>}</p>
      {admin && (
        <div className="member-actions">
          <button type="button" className="btn btn-small" aria-expanded={editing} onClick={() => setEditing(!editing)} aria-label={`Edit ${m.email}`}>
            Edit
          </button>
          {!me && (
            <ConfirmButton
              className="btn btn-small btn-danger-outline"
              title={`Remove ${m.email}?`}
              message={<p>Their sessions and API tokens stop working. Issue history keeps what they did.</p>}
              confirmLabel="Remove member"
              onConfirm={async () => {
                await api.del(`/organizations/${org}/members/${m.id}/`).catch((err: Error) => setError(err.message));
                onChange();
              }}
            >
              Remove
            </ConfirmButton>
          )}
        </div>
      )}
      {editing && (
        <div className="member-edit">
          <label className="field">
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(e.target.value as Member['role'])}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </select>
          </label>
          <TeamChecks teams={teams} value={chosen} onChange={setChosen} idPrefix={`member-${m.id}`} />
          <div className="form-actions">
            <button type="button" className="btn btn-primary btn-small" onClick={save}>
              Save
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <FormError error={error} />
    </li>
  );
}

export function MembersScreen() {
  const org = useOrg();
  const session = useSession();
  const admin = session.user?.role === 'admin';
  const members = useApi<Member[]>(`/organizations/${org}/members/`);
  const teams = useApi<Team[]>(`/organizations/${org}/teams/`);
  const reload = () => {
    members.reload();
    teams.reload();
  };
  return (
    <SettingsLayout>
      <PageHeader title="Members" sub="Admins see every project. Members see the projects of their teams." />
      {members.error ? (
        <ErrorState error={members.error} onRetry={members.reload} />
      ) : !members.data || !teams.data ? (
        <Loading label="Loading members…" />
      ) : (
        <>
          {admin && <AddMemberForm teams={teams.data} onDone={reload} />}
          <section className="card" aria-labelledby="members-title">
            <h2 id="members-title" className="card-title">
              {members.data.length} member{members.data.length === 1 ? '' : 's'}
            </h2>
            <ul className="member-list">
              {members.data.map((m) => (
                <MemberRow key={m.id} m={m} teams={teams.data!} admin={admin} me={m.id === session.user?.id} onChange={reload} />
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="teams-title">
            <h2 id="teams-title" className="card-title">
              Teams
            </h2>
            <ul className="team-list">
              {teams.data.map((t) => (
                <li key={t.id}>
                  <strong>{t.name}</strong> <span className="muted">{t.slug}</span>
                </li>
              ))}
            </ul>
            {admin && <AddTeamForm onDone={reload} />}
          </section>
        </>
      )}
    </SettingsLayout>
  );
}
