/** @module The event's request, user, contexts (browser, OS, device, runtime, trace…), tags, and release / SDK facts. */
import type { EventDetails, RequestData } from '../../lib/api-types.ts';
import { Link } from '../../components/link.tsx';
import { ReleaseLink } from '../../components/release-link.tsx';
import { KvTable, pairs } from './kv-table.tsx';

export function RequestSection({ request }: { request: RequestData }) {
  const query = pairs(request.query_string);
  const headers = pairs(request.headers);
  const cookies = pairs(request.cookies);
  return (
    <section className="event-section" aria-labelledby="request-title">
      <h2 id="request-title">Request</h2>
      <p className="request-line">
        {request.method && <span className="badge">{request.method}</span>}
        <code>{request.url || 'unknown URL'}</code>
      </p>
      {query.length > 0 && (
        <>
          <h3 className="sub-title">Query</h3>
          <KvTable rows={query} label="Query string" />
        </>
      )}
      {request.data !== undefined && request.data !== null && request.data !== '' && (
        <>
          <h3 className="sub-title">Body</h3>
          <pre className="json-block" tabIndex={0}>
            {typeof request.data === 'string' ? request.data : JSON.stringify(request.data, null, 2)}
          </pre>
        </>
      )}
      {headers.length > 0 && (
        <>
          <h3 className="sub-title">Headers</h3>
          <KvTable rows={headers} label="Headers" />
        </>
      )}
      {cookies.length > 0 && (
        <>
          <h3 className="sub-title">Cookies</h3>
          <KvTable rows={cookies} label="Cookies" />
        </>
      )}
      {request.env && Object.keys(request.env).length > 0 && (
        <>
          <h3 className="sub-title">Environment</h3>
          <KvTable rows={Object.entries(request.env)} label="Request environment" />
        </>
      )}
    </section>
  );
}

const CONTEXT_TITLES: Record<string, string> = {
  browser: 'Browser',
  os: 'Operating system',
  client_os: 'Client OS',
  device: 'Device',
  runtime: 'Runtime',
  app: 'App',
  trace: 'Trace',
  culture: 'Culture',
  cloud_resource: 'Cloud resource',
  response: 'Response',
};

/** Common contexts first, in a fixed order, so the same facts sit in the same place on every event. */
const ORDER = ['browser', 'os', 'client_os', 'device', 'runtime', 'app', 'trace'];

export function ContextsSection({ contexts }: { contexts: Record<string, Record<string, unknown>> }) {
  // A context with nothing but its `type` has nothing to show.
  const names = Object.keys(contexts)
    .filter((n) => Object.keys(contexts[n] ?? {}).some((k) => k !== 'type'))
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  if (names.length === 0) return null;
  return (
    <section className="event-section" aria-labelledby="contexts-title">
      <h2 id="contexts-title">Contexts</h2>
      <div className="context-grid">
        {names.map((n) => {
          const c = contexts[n] ?? {};
          const rows = Object.entries(c).filter(([k]) => k !== 'type');
          const title = CONTEXT_TITLES[n] ?? n;
          const headline = [c.name, c.version].filter((x) => typeof x === 'string' || typeof x === 'number').join(' ');
          return (
            <div key={n} className="context-card">
              <h3>
                {title}
                {headline && <span className="context-headline">{headline}</span>}
              </h3>
              <KvTable rows={rows} label={title} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

export function UserSection({ user }: { user: Record<string, unknown> }) {
  const rows = Object.entries(user).filter(([k]) => k !== 'data');
  const data = user.data && typeof user.data === 'object' ? Object.entries(user.data as Record<string, unknown>) : [];
  return (
    <section className="event-section" aria-labelledby="user-title">
      <h2 id="user-title">User</h2>
      <KvTable rows={[...rows, ...data]} label="User" />
    </section>
  );
}

export function TagsSection({ tags, issueId }: { tags: Array<{ key: string; value: string }>; issueId: string }) {
  if (tags.length === 0) return null;
  return (
    <section className="event-section" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      <ul className="tag-chips">
        {tags.map((t) => (
          <li key={`${t.key}=${t.value}`} className="tag-chip">
            <span className="tag-key">{t.key}</span>
            <Link to={`/issues/${issueId}/tags/#tag-${encodeURIComponent(t.key)}`} className="tag-value" title={`${t.key}: ${t.value}`}>
              {t.value}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MetaSection({ event }: { event: EventDetails }) {
  const sdk = event.sdk;
  return (
    <section className="event-section" aria-labelledby="meta-title">
      <h2 id="meta-title">Release, environment and SDK</h2>
      <KvTable
        label="Event facts"
        rows={[
          ['Release', event.release ? <ReleaseLink version={event.release.version} /> : '—'],
          ['Distribution', event.dist ?? undefined],
          ['Environment', event.environment ?? '—'],
          ['Platform', event.platform ?? undefined],
          ['Transaction', event.transaction ?? undefined],
          ['SDK', sdk ? `${sdk.name ?? 'unknown'} ${sdk.version ?? ''}`.trim() : '—'],
          ['Integrations', sdk?.integrations?.length ? sdk.integrations.join(', ') : undefined],
          ['Fingerprint', event.fingerprint?.length ? event.fingerprint.join(', ') : undefined],
        ]}
      />
      {Object.keys(event.modules ?? {}).length > 0 && (
        <details className="modules">
          <summary className="sub-title">Installed packages ({Object.keys(event.modules!).length})</summary>
          <KvTable rows={Object.entries(event.modules!).sort(([a], [b]) => a.localeCompare(b))} label="Installed packages" />
        </details>
      )}
      {Object.keys(event.extra ?? {}).length > 0 && (
        <>
          <h3 className="sub-title">Additional data</h3>
          <KvTable rows={Object.entries(event.extra)} label="Additional data" />
        </>
      )}
    </section>
  );
}
