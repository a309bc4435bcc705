/** @module A tiny bar chart of hourly counts. Decorative next to the number it summarises, so hidden from readers. */

export function Sparkline({ data, width = 96, height = 24, label }: { data: Array<[number, number]> | undefined; width?: number; height?: number; label?: string }) {
  const points = data ?? [];
  const max = Math.max(1, ...points.map(([, n]) => n));
  const bar = points.length ? width / points.length : width;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden={label ? undefined : true} role={label ? 'img' : undefined} aria-label={label}>
      <line x1="0" x2={width} y1={height - 0.5} y2={height - 0.5} className="sparkline-base" />
      {points.map(([t, n], i) =>
        n > 0 ? <rect key={t} x={i * bar + 0.5} width={Math.max(1, bar - 1)} y={height - Math.max(2, (n / max) * height)} height={Math.max(2, (n / max) * height)} rx="1" /> : null,
      )}
    </svg>
  );
}
