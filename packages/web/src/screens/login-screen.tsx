/** @module Sign in; afterwards the user lands where they were going (the `next` parameter). */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../lib/api-client.ts';
import type { AuthState } from '../lib/api-types.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { safeNext } from '../lib/safe-next.ts';
import { useSession } from '../lib/session.tsx';
import { FormError } from '../components/states.tsx';
import { AuthCard } from './auth-form.tsx';


export function LoginScreen() {
  const session = useSession();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const auth = await api.post<AuthState>('/auth/login/', { email, password });
      await session.signedIn(auth);
      navigate(safeNext(search.get('next')), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in" intro={session.expired ? <p className="notice">Your session expired. Sign in again to continue where you were.</p> : undefined}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <FormError error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !email || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
