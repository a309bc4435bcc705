/**
 * @module One artifact bundle of a release: its bundle ID, dist, upload time, size and debug IDs, then every file
 * in it — type, the URL it answers for (`~/path`), its debug ID and size.
 */
import type { ArtifactBundle, ArtifactFile } from '../../lib/api-types.ts';
import { formatBytes } from '../../lib/format-bytes.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';

const TYPE_LABELS: Record<string, string> = {
  source_map: 'source map',
  minified_source: 'minified source',
  source: 'source',
  indexed_ram_bundle: 'RAM bundle',
};

/** Maps first, then the code they belong to, each by URL: the order people look for them in. */
const TYPE_ORDER = ['minified_source', 'source_map', 'source', 'indexed_ram_bundle'];

function sortFiles(files: ArtifactFile[]): ArtifactFile[] {
  return [...files].sort((a, b) => (a.filePath || a.path).localeCompare(b.filePath || b.path) || TYPE_ORDER.indexOf(a.fileType) - TYPE_ORDER.indexOf(b.fileType));
}

export function BundleCard({ bundle, index }: { bundle: ArtifactBundle; index: number }) {
  const titleId = `bundle-${index}-title`;
  return (
    <article className="card bundle-card" aria-labelledby={titleId}>
      <header className="bundle-head">
        <h3 id={titleId}>
          Artifact bundle <code className="bundle-id">{bundle.bundleId}</code>
        </h3>
        <p className="bundle-meta">
          <span>
            uploaded <TimeAgo date={bundle.date} />
          </span>
          <span>{bundle.fileCount === 1 ? '1 file' : `${bundle.fileCount} files`}</span>
          <span>{formatBytes(bundle.size)} uploaded</span>
          {bundle.dist && <span>dist {bundle.dist}</span>}
        </p>
      </header>
      {bundle.debugIds.length > 0 && (
        <div className="bundle-debug-ids">
          <span className="muted">Debug {bundle.debugIds.length === 1 ? 'ID' : 'IDs'}:</span>
          <ul>
            {bundle.debugIds.map((id) => (
              <li key={id}>
                <code>{id}</code>
                <CopyButton text={id} label="Copy" className="btn-ghost" />
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="table-wrap">
        <table className="table files-table">
          <caption className="visually-hidden">Files in artifact bundle {bundle.bundleId}</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">URL</th>
              <th scope="col">Debug ID</th>
              <th scope="col" className="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {sortFiles(bundle.files).map((f) => (
              <tr key={f.id}>
                <td data-label="Type">
                  <span className={`badge file-type file-type-${f.fileType}`}>{TYPE_LABELS[f.fileType] ?? f.fileType}</span>
                </td>
                <td data-label="URL" className="file-url">
                  <code>{f.filePath || f.path}</code>
                </td>
                <td data-label="Debug ID" className="file-debug-id">
                  {f.debugId ? <code>{f.debugId}</code> : <span className="muted">—</span>}
                </td>
                <td data-label="Size" className="num">
                  {formatBytes(f.fileSize)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
