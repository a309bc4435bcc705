/**
 * @module The transaction summary's "Web vitals": for LCP, FCP, CLS, INP and TTFB the p75 and the share of good,
 * meh and poor page loads as a split bar, from `events` with Sentry's `p75(measurements.<vital>)` and
 * `count_web_vitals(measurements.<vital>, good|meh|poor)` fields over the summary's filters. The p75's rating
 * follows from the counts (at least 75 % good → good, more than 25 % poor → poor, else meh), so the thresholds live
 * only in the server. Vitals without values are left out.
 */
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Query } from '../../lib/api-client.ts';
import { formatCount, formatDuration, type DiscoverTable } from './discover.ts';

const VITALS: Array<[string, string]> = [
  ['lcp', 'Largest contentful paint'],
  ['fcp', 'First contentful paint'],
  ['cls', 'Cumulative layout shift'],
  ['inp', 'Interaction to next paint'],
  ['ttfb', 'Time to first byte'],
];
const QUALITIES = ['good', 'meh', 'poor'] as const;
type Quality = (typeof QUALITIES)[number];
const FIELDS = VITALS.flatMap(([v]) => [`p75(measurements.${v})`, ...QUALITIES.map((q) => `count_web_vitals(measurements.${v}, ${q})`)]);

function rating(counts: Record<Quality, number>): Quality {
  const total = counts.good + counts.meh + counts.poor;
  if (counts.good >= 0.75 * total) return 'good';
  return counts.poor > 0.25 * total ? 'poor' : 'meh';
}

export function WebVitalsCard(props: { query: Query }) {
  const org = useOrg();
  const r = useApi<DiscoverTable>(`/organizations/${org}/events/`, { ...props.query, field: FIELDS });
  const row = r.data?.data[0];
  const vitals = VITALS.map(([v, label]) => {
    const counts = Object.fromEntries(QUALITIES.map((q) => [q, Number(row?.[`count_web_vitals(measurements.${v}, ${q})`] ?? 0)])) as Record<Quality, number>;
    return { v, label, p75: row?.[`p75(measurements.${v})`] ?? null, counts, total: counts.good + counts.meh + counts.poor };
  }).filter((x) => x.total > 0);
  return (
    <section className="card perf-vitals" aria-labelledby="perf-vitals-title">
      <h2 id="perf-vitals-title" className="card-title">
        Web vitals
      </h2>
      {r.error ? (
        <ErrorState error={r.error} onRetry={r.reload} />
      ) : !r.data ? (
        <Loading label="Loading the web vitals…" />
      ) : vitals.length === 0 ? (
        <p className="muted perf-ops-note">No web vitals for these transactions in this period (browser page loads send them).</p>
      ) : (
        <ul className="perf-vitals-list">
          {vitals.map((x) => {
            const state = rating(x.counts);
            return (
              <li key={x.v} className="perf-vital" data-vital={x.v}>
                <span className="perf-vital-name">
                  <abbr title={x.label}>{x.v.toUpperCase()}</abbr>
                </span>
                <span className={`perf-vital-p75 perf-vital-${state}`}>
                  p75 {x.v === 'cls' ? Number(x.p75 ?? 0).toFixed(3) : formatDuration(x.p75)} · {state}
                </span>
                <span className="perf-vital-track" aria-hidden="true">
                  {QUALITIES.map((q) => (x.counts[q] > 0 ? <span key={q} className={`perf-vital-bar perf-vital-bar-${q}`} style={{ width: `${(x.counts[q] / x.total) * 100}%` }} /> : null))}
                </span>
                <span className="perf-vital-counts muted">
                  {QUALITIES.map((q) => `${formatCount(x.counts[q])} ${q}`).join(' · ')}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
