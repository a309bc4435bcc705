/**
 * @module Personal API tokens for scripts and sentry-cli: create (shown once), see when each was last used, revoke.
 * Admins also see the instance tokens made with `faultline token create`, and can revoke them here.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../lib/api-client.ts';
import type { ApiToken } from '../../lib/api-types.ts';
import { useApi } from '../../lib/use-api.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { PageHeader } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { SettingsLayout } from './settings-layout.tsx';

export function TokensScreen() {
  const tokens = useApi<ApiToken[]>('/api-tokens/');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await api.post<ApiToken>('/api-tokens/', { name: name.trim() || 'API token' }));
      setName('');
      tokens.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const revoke = async (t: ApiToken) => {
    await api.del(`/api-tokens/${t.id}/`);
    if (created?.id === t.id) setCreated(null);
    tokens.reload();
  };

  return (
    <SettingsLayout>
      <PageHeader title="API tokens" sub="Tokens act as you: use them with sentry-cli (SENTRY_AUTH_TOKEN) or scripts calling the API." />
      <form className="card form form-inline-card" onSubmit={create} aria-label="Create a token">
        <div className="form-row">
          <label className="field">
            <span>Token name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. CI source maps" />
          </label>
          <div className="field field-button">
            <button type="submit" className="btn btn-primary">
              Create token
            </button>
          </div>
        </div>
        <FormError error={error} />
      </form>
      {created?.token && (
        <div className="banner banner-success" role="status">
          <strong>Token “{created.name}” created. Copy it now: it is not shown again.</strong>
          <div className="dsn-row">
            <code className="dsn" data-testid="new-token">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy token" />
          </div>
        </div>
      )}
      {tokens.error ? (
        <ErrorState error={tokens.error} onRetry={tokens.reload} />
      ) : !tokens.data ? (
        <Loading label="Loading tokens…" />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No tokens yet" />
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <caption className="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.name}
                    {t.instance && <span className="muted"> · instance token (CLI)</span>}
                  </td>
                  <td className="mono">…{t.tokenLastCharacters}</td>
                  <td className="token-scopes">{t.scopes.join(', ')}</td>
                  <td>
                    <TimeAgo date={t.dateCreated} />
                  </td>
                  <td>{t.lastUsed ? <TimeAgo date={t.lastUsed} /> : <span className="muted">never</span>}</td>
                  <td className="cell-actions">
                    <ConfirmButton
                      className="btn btn-small btn-danger-outline"
                      title={`Revoke ${t.name}?`}
                      message={<p>Anything using this token stops working immediately.</p>}
                      confirmLabel="Revoke token"
                      onConfirm={() => revoke(t)}
                    >
                      Revoke
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </SettingsLayout>
  );
}
