/** @module The details of the chosen waterfall row: what it is, when it ran, its status, errors, data attributes and measurements. */
import { Link } from '../../components/link.tsx';
import { KvTable } from '../issue/kv-table.tsx';
import { formatDuration } from '../performance/discover.ts';
import type { Row } from './trace-rows.ts';
import { errorHref } from './waterfall.tsx';

export function SpanDetail({ row, traceStart }: { row: Row; traceStart: number }) {
  const span = row.span;
  const seg = row.segment;
  const facts: Array<[string, unknown]> = [
    [row.kind === 'transaction' ? 'Transaction' : 'Description', row.label || undefined],
    ['Operation', row.op],
    ['Project', row.project],
    ['Span ID', row.id],
    ['Parent span ID', span?.parent_span_id ?? seg?.parent_span_id ?? undefined],
    ['Status', row.status ?? undefined],
    ['Starts at', `+${formatDuration((row.start - traceStart) * 1000)}`],
    ['Duration', formatDuration(row.durationMs)],
    ['Self time', span?.exclusive_time === null || span?.exclusive_time === undefined ? undefined : formatDuration(span.exclusive_time)],
    ['Event ID', seg?.event_id],
  ];
  const data = Object.entries(span?.data ?? {});
  const measurements = Object.entries(seg?.measurements ?? span?.measurements ?? {}).map(([k, v]): [string, unknown] => [k, typeof v === 'object' && v && 'value' in v ? (v as { value: unknown }).value : v]);
  return (
    <section className="card wf-detail" aria-labelledby="span-detail-title">
      <h2 id="span-detail-title" className="card-title">
        {row.kind === 'transaction' ? 'Transaction' : 'Span'}: {row.op}
      </h2>
      <div className="wf-detail-body">
        <KvTable rows={facts} label="Span" />
        {row.errors.length > 0 && (
          <>
            <h3>Errors</h3>
            <ul className="wf-detail-errors">
              {row.errors.map((e) => (
                <li key={e.event_id}>
                  <Link to={errorHref(e)}>{e.issue ?? e.event_id}</Link> {e.title}
                </li>
              ))}
            </ul>
          </>
        )}
        <h3>Attributes</h3>
        <KvTable rows={data} label="Attributes" />
        {measurements.length > 0 && (
          <>
            <h3>Measurements</h3>
            <KvTable rows={measurements} label="Measurements" />
          </>
        )}
      </div>
    </section>
  );
}
