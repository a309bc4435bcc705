/**
 * @module Who is signed in (with the CSRF token for writes) and the organization the UI works in.
 * Any 401 from the API clears the user, which sends the app to the login page with `next` set to where the user was.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './api-client.ts';
import type { AuthState, Organization, User } from './api-types.ts';

export interface Session {
  user: User | null;
  org: Organization | null;
  needsSetup: boolean;
  /** True once the first /auth/ answer arrived. */
  ready: boolean;
  error: Error | null;
  /** The session ran out under the user's feet (vs never signed in): the login page says so. */
  expired: boolean;
  signedIn(auth: AuthState): Promise<void>;
  /** Ends the session on the server first; rejects (user still signed in) when the server did not end it. */
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}

/** The org slug for API paths; screens render only once a user (hence an org) is known. */
export function useOrg(): string {
  return useSession().org?.slug ?? 'faultline';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Omit<Session, 'signedIn' | 'signOut' | 'refresh'>>({
    user: null,
    org: null,
    needsSetup: false,
    ready: false,
    error: null,
    expired: false,
  });

  const apply = useCallback(async (auth: AuthState) => {
    setCsrfToken(auth.csrfToken);
    let org: Organization | null = null;
    if (auth.user) org = (await api.get<Organization[]>('/organizations/'))[0] ?? null;
    setState({ user: auth.user, org, needsSetup: auth.needsSetup, ready: true, error: null, expired: false });
  }, []);

  const refresh = useCallback(async () => {
    try {
      await apply(await api.get<AuthState>('/auth/'));
    } catch (err) {
      setState((s) => ({ ...s, ready: true, error: err as Error }));
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState((s) => (s.user ? { ...s, user: null, expired: true } : s));
    });
    return () => setUnauthorizedHandler(null);
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await api.del('/auth/');
    } catch (err) {
      // A 401 means the session is already gone; anything else means the server still honours it: say so, stay in.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
    setCsrfToken(null);
    setState((s) => ({ ...s, user: null, expired: false }));
  }, []);

  return <SessionContext.Provider value={{ ...state, signedIn: apply, signOut, refresh }}>{children}</SessionContext.Provider>;
}
