/**
 * @module One release: when it was created, released and seen, the issues it introduced per project, its deploys,
 * its health (crash-free sessions and users from the SDKs' sessions), the commits set-commits sent, and the source maps uploaded for it — artifact bundles with their files and debug IDs, and files uploaded one by
 * one — so "is the map for this build there?" has an answer at a glance.
 */
import type { ArtifactBundle, Commit, Release, ReleaseFile } from '../lib/api-types.ts';
import { quote } from '../lib/query-tokens.ts';
import { sdkForPlatform, usesSourceMaps } from '../lib/sdk-for-platform.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { CodeBlock } from '../components/code-block.tsx';
import { Link } from '../components/link.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { TimeAgo } from '../components/time-ago.tsx';
import { BundleCard } from './release/bundle-card.tsx';
import { ReleaseFilesTable } from './release/release-files-table.tsx';
import { ReleaseCommits } from './release/release-commits.tsx';
import { ReleaseHealth } from './release/release-health.tsx';

export function ReleaseScreen({ version }: { version: string }) {
  const org = useOrg();
  const base = `/organizations/${org}/releases/${encodeURIComponent(version)}`;
  const release = useApi<Release>(`${base}/`);
  const bundles = useApi<ArtifactBundle[]>(release.data ? `${base}/artifact-bundles/` : null);
  const files = useApi<ReleaseFile[]>(release.data ? `${base}/files/` : null);
  const commits = useApi<Commit[]>(release.data ? `${base}/commits/` : null);
  if (release.error) return <ErrorState error={release.error} onRetry={release.reload} />;
  if (!release.data) return <Loading label="Loading release…" />;
  const r = release.data;
  const single = (files.data ?? []).filter((f) => f.bundleId === null);
  const issuesLink = `/issues/?query=${encodeURIComponent(`release:${quote(r.version)}`)}`;
  // The instructions follow the projects' SDKs: source maps only where one of them is JavaScript.
  const sdks = r.projects.map((p) => sdkForPlatform(p.platform));
  const javascript = sdks.length === 0 || sdks.some(usesSourceMaps);
  const nothingUploaded = javascript && bundles.data?.length === 0 && files.data !== undefined && single.length === 0;

  return (
    <>
      <header className="release-header">
        <p className="breadcrumb">
          <Link to="/releases/">Releases</Link> <span aria-hidden="true">/</span> <span className="mono">{r.shortVersion}</span>
        </p>
        <h1 className="release-title">{r.version}</h1>
        {r.versionInfo?.package && (
          <p className="muted">
            {r.versionInfo.package} · version {r.versionInfo.version.raw}
          </p>
        )}
        <dl className="issue-stats release-stats">
          <div>
            <dt>Created</dt>
            <dd>
              <TimeAgo date={r.dateCreated} />
            </dd>
          </div>
          <div>
            <dt>Released</dt>
            <dd>{r.dateReleased ? <TimeAgo date={r.dateReleased} /> : <span className="muted">not finalized</span>}</dd>
          </div>
          <div>
            <dt>First event</dt>
            <dd>
              <TimeAgo date={r.firstEvent} />
            </dd>
          </div>
          <div>
            <dt>Last event</dt>
            <dd>
              <TimeAgo date={r.lastEvent} />
            </dd>
          </div>
          <div>
            <dt>New issues</dt>
            <dd>{r.newGroups}</dd>
          </div>
          <div>
            <dt>Deploys</dt>
            <dd>
              {r.deployCount}
              {r.lastDeploy && <span className="muted"> · last to {r.lastDeploy.environment}</span>}
            </dd>
          </div>
        </dl>
        {r.projects.length > 0 && (
          <ul className="release-projects" aria-label="Projects in this release">
            {r.projects.map((p) => (
              <li key={p.id} className="tag-chip">
                <span className="tag-key">{p.name}</span>
                <span className="tag-value">
                  {p.newGroups} new issue{p.newGroups === 1 ? '' : 's'}
                </span>
              </li>
            ))}
            <li>
              <Link to={issuesLink}>Issues seen in this release →</Link>
            </li>
          </ul>
        )}
      </header>

      <section className="release-section" aria-labelledby="health-title">
        <h2 id="health-title">Release health</h2>
        <ReleaseHealth version={r.version} projectIds={r.projects.map((p) => p.id)} sdk={sdks[0] ?? 'node'} />
      </section>

      <section className="release-section" aria-labelledby="commits-title">
        <h2 id="commits-title">Commits{r.commitCount > 0 && <span className="muted"> · {r.commitCount}</span>}</h2>
        {commits.error ? (
          <ErrorState error={commits.error} onRetry={commits.reload} />
        ) : !commits.data ? (
          <Loading label="Loading commits…" />
        ) : (
          <ReleaseCommits commits={commits.data} version={r.version} />
        )}
      </section>

      {(javascript || Boolean(bundles.data?.length)) && (
        <section className="release-section" aria-labelledby="bundles-title">
          <h2 id="bundles-title">Artifact bundles</h2>
          {bundles.error ? (
            <ErrorState error={bundles.error} onRetry={bundles.reload} />
          ) : !bundles.data ? (
            <Loading label="Loading artifact bundles…" />
          ) : bundles.data.length === 0 ? (
            <p className="muted">No artifact bundle was uploaded with this release.</p>
          ) : (
            <div className="bundle-list">
              {bundles.data.map((b, i) => (
                <BundleCard key={b.id} bundle={b} index={i} />
              ))}
            </div>
          )}
        </section>
      )}

      {single.length > 0 && (
        <section className="release-section card" aria-labelledby="release-files-title">
          <h2 id="release-files-title" className="card-title">
            Files uploaded individually
          </h2>
          <ReleaseFilesTable files={single} />
        </section>
      )}

      {nothingUploaded && (
        <section className="release-section" aria-labelledby="upload-title">
          <h2 id="upload-title">Upload source maps for this release</h2>
          <p className="muted">Run this in CI after the build, with an auth token from Settings → API tokens:</p>
          <CodeBlock title="Upload with sentry-cli" code={`sentry-cli sourcemaps inject ./dist\nsentry-cli sourcemaps upload --release ${r.version} ./dist`} />
        </section>
      )}
    </>
  );
}
