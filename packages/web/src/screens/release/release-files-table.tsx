/**
 * @module Files uploaded to a release one by one (sentry-cli 2.x's fallback when artifact bundles aren't offered):
 * name (`~/path`), dist, the `Sourcemap` header that links code to its map, size and upload time.
 */
import type { ReleaseFile } from '../../lib/api-types.ts';
import { formatBytes } from '../../lib/format-bytes.ts';
import { TimeAgo } from '../../components/time-ago.tsx';

export function ReleaseFilesTable({ files }: { files: ReleaseFile[] }) {
  return (
    <div className="table-wrap">
      <table className="table files-table">
        <caption className="visually-hidden">Release files uploaded individually</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Dist</th>
            <th scope="col">Source map header</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => {
            const map = f.headers.Sourcemap ?? f.headers.sourcemap ?? f.headers['X-SourceMap'] ?? f.headers['x-sourcemap'];
            return (
              <tr key={f.id}>
                <td data-label="URL" className="file-url">
                  <code>{f.name}</code>
                </td>
                <td data-label="Dist">{f.dist ?? <span className="muted">—</span>}</td>
                <td data-label="Source map header">{map ? <code>{map}</code> : <span className="muted">—</span>}</td>
                <td data-label="Size" className="num">
                  {formatBytes(f.size)}
                </td>
                <td data-label="Uploaded">
                  <TimeAgo date={f.dateCreated} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
