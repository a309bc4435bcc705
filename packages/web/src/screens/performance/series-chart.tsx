/**
 * @module A small SVG chart of one series over time: bars (throughput, counts) or a line (durations). The largest
 * value and the period's ends are written beside it; the SVG itself is named by a one-line summary for readers.
 */
const W = 600;
const H = 120;

export function SeriesChart(props: { title: string; points: Array<[number, number]>; kind: 'bars' | 'line'; format: (v: number) => string; className?: string }) {
  const { points, format } = props;
  const max = Math.max(0, ...points.map(([, v]) => v));
  const scale = max > 0 ? (H - 6) / max : 0;
  const step = points.length ? W / points.length : W;
  const y = (v: number) => H - v * scale;
  const first = points[0]?.[0];
  const last = points.at(-1)?.[0];
  const when = (t: number | undefined) => (t === undefined ? '' : new Date(t * 1000).toLocaleString('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }));
  const label = `${props.title}: highest ${format(max)}, latest ${format(points.at(-1)?.[1] ?? 0)}, ${points.length} intervals from ${when(first)} to ${when(last)}`;
  const line = points.map(([, v], i) => `${i === 0 ? 'M' : 'L'}${(i * step + step / 2).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <figure className={`perf-chart ${props.className ?? ''}`}>
      <figcaption className="perf-chart-head">
        <span className="perf-chart-title">{props.title}</span>
        <span className="perf-chart-max">max {format(max)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
        <line className="perf-chart-grid" x1="0" x2={W} y1={H / 2} y2={H / 2} vectorEffect="non-scaling-stroke" />
        <line className="perf-chart-base" x1="0" x2={W} y1={H - 0.5} y2={H - 0.5} vectorEffect="non-scaling-stroke" />
        {props.kind === 'bars'
          ? points.map(([t, v], i) => (v > 0 ? <rect key={t} className="perf-chart-bar" x={i * step + step * 0.1} width={Math.max(0.5, step * 0.8)} y={y(v)} height={H - y(v)} /> : null))
          : points.length > 0 && <path className="perf-chart-line" d={line} vectorEffect="non-scaling-stroke" />}
      </svg>
      <div className="perf-chart-axis" aria-hidden="true">
        <span>{when(first)}</span>
        <span>{when(last)}</span>
      </div>
    </figure>
  );
}
