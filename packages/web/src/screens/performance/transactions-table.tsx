/**
 * @module The transactions table: name (to its summary), project, tpm, p50, p95, failure rate and count. A
 * column header is a button that sorts by it (descending first, again for ascending); the sort is the API's
 * `sort` parameter, so the order is the server's, across pages.
 */
import { Link } from '../../components/link.tsx';
import { formatCount, formatDuration, formatPercent, formatRate, summaryHref, type DiscoverRow, type PerfFilters } from './discover.ts';

interface Column {
  field: string;
  label: string;
  format?: (v: number | string | null) => string;
  /** Left out on phones (the summary page has it). */
  wide?: boolean;
}

export const TABLE_COLUMNS: Column[] = [
  { field: 'transaction', label: 'Transaction' },
  { field: 'project', label: 'Project', wide: true },
  { field: 'tpm()', label: 'TPM', format: formatRate },
  { field: 'p50()', label: 'p50', format: formatDuration, wide: true },
  { field: 'p95()', label: 'p95', format: formatDuration },
  { field: 'failure_rate()', label: 'Failure rate', format: formatPercent },
  { field: 'count()', label: 'Count', format: formatCount, wide: true },
];
/** What the list asks for: the columns, and the project id the summary link needs. */
export const TABLE_FIELDS = [...TABLE_COLUMNS.map((c) => c.field), 'project.id'];

const cellClass = (c: Column): string | undefined => [c.format ? 'num' : '', c.wide ? 'perf-wide' : ''].filter(Boolean).join(' ') || undefined;

/** `-tpm()` → {field: 'tpm()', desc: true}. */
export const parseSort = (sort: string): { field: string; desc: boolean } => (sort.startsWith('-') ? { field: sort.slice(1), desc: true } : { field: sort, desc: false });

export function TransactionsTable(props: { rows: DiscoverRow[]; sort: string; filters: PerfFilters; onSort: (sort: string) => void }) {
  const current = parseSort(props.sort);
  const next = (field: string) => (current.field === field && current.desc ? field : `-${field}`);
  return (
    <div className="table-wrap">
      <table className="table perf-table">
        <thead>
          <tr>
            {TABLE_COLUMNS.map((c) => {
              const sorted = current.field === c.field;
              return (
                <th key={c.field} scope="col" className={cellClass(c)} aria-sort={sorted ? (current.desc ? 'descending' : 'ascending') : undefined}>
                  <button type="button" className="perf-sort" onClick={() => props.onSort(next(c.field))}>
                    {c.label}
                    <span className="perf-sort-mark" aria-hidden="true">
                      {sorted ? (current.desc ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={`${r['project.id']}/${r.transaction}`}>
              <th scope="row" className="perf-name">
                <Link to={summaryHref(r['project.id'] ?? '', String(r.transaction), props.filters)}>{String(r.transaction)}</Link>
              </th>
              <td className="perf-wide">{String(r.project)}</td>
              {TABLE_COLUMNS.filter((c) => c.format).map((c) => (
                <td key={c.field} className={cellClass(c)}>
                  {c.format!(r[c.field] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
