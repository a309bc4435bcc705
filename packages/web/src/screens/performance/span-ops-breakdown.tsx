/**
 * @module The transaction summary's "Operation breakdown": per span op category (http, db, browser, resource, ui,
 * other) its share of the child spans' time, as a bar, with the total and p50/p95 per segment, from
 * `span-ops-breakdown` over the summary's filters; says when only the most recent segments were read.
 */
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Query } from '../../lib/api-client.ts';
import { formatCount, formatDuration, formatPercent } from './discover.ts';

export interface SpanOpsBreakdown {
  data: Array<{ op: string; share: number; totalMs: number; p50: number; p95: number; segments: number }>;
  meta: { segments: number; limit: number; sampled: boolean };
}

export function SpanOpsBreakdownCard(props: { query: Query }) {
  const org = useOrg();
  const b = useApi<SpanOpsBreakdown>(`/organizations/${org}/span-ops-breakdown/`, props.query);
  return (
    <section className="card perf-ops" aria-labelledby="perf-ops-title">
      <h2 id="perf-ops-title" className="card-title">
        Operation breakdown
      </h2>
      {b.error ? (
        <ErrorState error={b.error} onRetry={b.reload} />
      ) : !b.data ? (
        <Loading label="Loading the operation breakdown…" />
      ) : b.data.data.length === 0 ? (
        <p className="muted perf-ops-note">No spans are stored for these transactions in this period.</p>
      ) : (
        <>
          <ul className="perf-ops-list">
            {b.data.data.map((r) => (
              <li key={r.op} className="perf-ops-row">
                <span className="perf-ops-name">{r.op}</span>
                <span className="perf-ops-track" aria-hidden="true">
                  <span className={`perf-ops-bar wf-op-${r.op === 'other' ? 'default' : r.op}`} style={{ width: `${Math.max(r.share * 100, 0.5)}%` }} />
                </span>
                <span className="perf-ops-share">{formatPercent(r.share)}</span>
                <span className="perf-ops-figures muted">
                  {formatDuration(r.totalMs)} total · p50 {formatDuration(r.p50)} · p95 {formatDuration(r.p95)}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted perf-ops-note">
            {b.data.meta.sampled
              ? `From the ${formatCount(b.data.meta.segments)} most recent transactions of the period.`
              : `From ${formatCount(b.data.meta.segments)} transactions.`}
          </p>
        </>
      )}
    </section>
  );
}
