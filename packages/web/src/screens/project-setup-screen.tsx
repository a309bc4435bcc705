/** @module A project's setup page: its DSN with a copy button and ready-to-paste code for each SDK. */
import { useState } from 'react';
import type { Project, ProjectKey } from '../lib/api-types.ts';
import { useLocation } from '../lib/router.ts';
import { sdkForPlatform } from '../lib/sdk-for-platform.ts';
import { sdkSnippets, type Snippet } from '../lib/sdk-snippets.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { CodeBlock } from '../components/code-block.tsx';
import { CopyButton } from '../components/copy-button.tsx';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';

export function ProjectSetupScreen({ slug }: { slug: string }) {
  const org = useOrg();
  const { search } = useLocation();
  const project = useApi<Project>(`/projects/${org}/${slug}/`);
  const keys = useApi<ProjectKey[]>(`/projects/${org}/${slug}/keys/`);
  const [chosen, setChosen] = useState<Snippet['id'] | null>(null);

  if (project.error) return <ErrorState error={project.error} onRetry={project.reload} />;
  if (!project.data || (!keys.data && !keys.error)) return <Loading label="Loading project…" />;
  const p = project.data;
  const key = keys.data?.find((k) => k.isActive);
  const snippets = key ? sdkSnippets(key.dsn.public, { publicUrl: window.location.origin, org, project: p.slug }) : [];
  const active = chosen ?? sdkForPlatform(p.platform);
  const snippet = snippets.find((s) => s.id === active);

  return (
    <>
      <PageHeader
        title={p.name}
        sub={search.get('created') ? 'Project created. Install an SDK with the DSN below and send your first error.' : 'Send errors to this project with any Sentry SDK.'}
      >
        <Link to={`/issues/?project=${p.id}`} className="btn">
          View issues
        </Link>
        <Link to={`/projects/${p.slug}/keys/`} className="btn">
          Manage keys
        </Link>
      </PageHeader>
      {keys.error ? (
        <ErrorState error={keys.error} onRetry={keys.reload} />
      ) : !key ? (
        <EmptyState title="No active key">
          <p>
            Every key of this project is disabled. <Link to={`/projects/${p.slug}/keys/`}>Create or enable a key</Link> to get a DSN.
          </p>
        </EmptyState>
      ) : (
        <>
          <section className="card dsn-card" aria-labelledby="dsn-title">
            <h2 id="dsn-title">DSN</h2>
            <p className="muted">The SDKs send events to this address. It is not a secret: browsers see it too.</p>
            <div className="dsn-row">
              <code className="dsn" data-testid="dsn">
                {key.dsn.public}
              </code>
              <CopyButton text={key.dsn.public} label="Copy DSN" />
            </div>
          </section>
          <section className="setup-section" aria-labelledby="sdk-title">
            <h2 id="sdk-title">Set up an SDK</h2>
            <div className="segmented" role="tablist" aria-label="SDK">
              {snippets.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  role="tab"
                  id={`tab-${s.id}`}
                  aria-selected={s.id === active}
                  aria-controls="sdk-panel"
                  className="segmented-item"
                  onClick={() => setChosen(s.id)}
                >
                  {s.label}
                </button>
              ))}
            </div>
            {snippet && (
              <div id="sdk-panel" role="tabpanel" aria-labelledby={`tab-${snippet.id}`} className="sdk-panel">
                <CodeBlock code={snippet.install} title="Install" />
                {snippet.files.map((f) => (
                  <CodeBlock key={f.name} code={f.code} title={f.name} note={f.note} />
                ))}
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
