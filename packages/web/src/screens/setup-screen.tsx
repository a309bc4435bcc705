/** @module First run: no user exists yet, so the first person to arrive creates the admin account. */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../lib/api-client.ts';
import type { AuthState } from '../lib/api-types.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { FormError } from '../components/states.tsx';
import { AuthCard } from './auth-form.tsx';

export function SetupScreen() {
  const session = useSession();
  const [form, setForm] = useState({ name: '', email: '', password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (form.password.length < 8) return setError('The password needs at least 8 characters.');
    if (form.password !== form.confirm) return setError('The passwords do not match.');
    setBusy(true);
    setError(null);
    try {
      const auth = await api.post<AuthState>('/auth/setup/', { name: form.name, email: form.email, password: form.password });
      await session.signedIn(auth);
      navigate('/projects/?welcome=1', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
      setBusy(false);
      if (err instanceof ApiError && err.status === 409) void session.refresh();
    }
  };

  return (
    <AuthCard title="Welcome to Faultline" intro={<p>Create the administrator account. You can add teammates afterwards.</p>}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Name</span>
          <input name="name" autoComplete="name" value={form.name} onChange={set('name')} autoFocus />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required value={form.email} onChange={set('email')} />
        </label>
        <div className="field">
          <label htmlFor="setup-password">Password</label>
          <input
            id="setup-password"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={form.password}
            onChange={set('password')}
            aria-describedby="pw-hint"
          />
          <small id="pw-hint">At least 8 characters.</small>
        </div>
        <label className="field">
          <span>Confirm password</span>
          <input type="password" name="confirm" autoComplete="new-password" required value={form.confirm} onChange={set('confirm')} />
        </label>
        <FormError error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !form.email || !form.password}>
          {busy ? 'Creating…' : 'Create admin account'}
        </button>
      </form>
    </AuthCard>
  );
}
