/**
 * @module The trace waterfall: one row per transaction and span, indented by nesting, with a bar placed by its
 * start and sized by its duration relative to the whole trace, coloured by op. A row with children has a
 * collapse button; choosing a row shows its details; a row where an error happened carries a marker linking to
 * the error's issue.
 */
import { useState, type CSSProperties } from 'react';
import { Link } from '../../components/link.tsx';
import { formatDuration } from '../performance/discover.ts';
import { opFamily, traceBounds, visibleRows, type Row, type TraceError } from './trace-rows.ts';

export const errorHref = (e: TraceError): string => (e.issue_id === null ? '/issues/' : `/issues/${e.issue_id}/events/${e.event_id}/`);

function ErrorMarks({ errors }: { errors: TraceError[] }) {
  return (
    <>
      {errors.map((e) => (
        <Link key={e.event_id} to={errorHref(e)} className="wf-error" title={e.title}>
          <span aria-hidden="true">●</span> <span className="wf-error-id">{e.issue ?? 'Error'}</span>
          <span className="visually-hidden">: {e.title}</span>
        </Link>
      ))}
    </>
  );
}

export function Waterfall({ rows, selected, onSelect }: { rows: Row[]; selected: string | null; onSelect: (id: string) => void }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const { start, end } = traceBounds(rows);
  const total = Math.max(end - start, 1e-6);
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <div className="wf" role="table" aria-label="Trace waterfall">
      <div className="wf-head" role="row">
        <span role="columnheader">Operation</span>
        <span role="columnheader" className="wf-scale">
          <span>0ms</span>
          <span>{formatDuration((total * 1000) / 2)}</span>
          <span>{formatDuration(total * 1000)}</span>
        </span>
      </div>
      {visibleRows(rows, collapsed).map((r) => {
        const left = ((r.start - start) / total) * 100;
        const width = (Math.max(0, r.end - r.start) / total) * 100;
        // The duration goes after the bar, or inside a long bar that reaches the right edge, or before a short one there.
        const placement = left + width < 80 ? 'after' : width > 15 ? 'in' : 'before';
        const name = `${r.op}${r.label ? ` — ${r.label}` : ''}`;
        return (
          <div key={r.id} role="row" className={`wf-row wf-${r.kind}${selected === r.id ? ' wf-selected' : ''}${r.errors.length ? ' wf-has-error' : ''}`} data-span-id={r.id} data-depth={r.depth}>
            <span role="cell" className="wf-label" style={{ '--depth': r.depth } as CSSProperties}>
              {r.childCount > 0 ? (
                <button type="button" className="wf-toggle" aria-expanded={!collapsed.has(r.id)} aria-label={`${collapsed.has(r.id) ? 'Expand' : 'Collapse'} ${name}`} onClick={() => toggle(r.id)}>
                  {collapsed.has(r.id) ? '▸' : '▾'}
                  {collapsed.has(r.id) && <span className="wf-hidden-count">{r.childCount}</span>}
                </button>
              ) : (
                <span className="wf-toggle-space" aria-hidden="true" />
              )}
              <button type="button" className="wf-name" aria-pressed={selected === r.id} onClick={() => onSelect(r.id)}>
                <span className={`wf-op wf-op-${opFamily(r.op)}`}>{r.op}</span>
                <span className="wf-desc">{r.label}</span>
                {r.kind === 'transaction' && <span className="wf-project">{r.project}</span>}
                {r.orphan && <span className="wf-orphan">orphan</span>}
              </button>
              <ErrorMarks errors={r.errors} />
            </span>
            <span role="cell" className="wf-track">
              <span className={`wf-bar wf-op-${opFamily(r.op)}`} style={{ left: `${left}%`, width: `max(2px, ${width}%)` }} title={`${name}: ${formatDuration(r.durationMs)}`} />
              <span className={`wf-dur${placement === 'in' ? ' wf-dur-in' : ''}`} style={placement === 'after' ? { left: `calc(${left + width}% + 4px)` } : placement === 'in' ? { right: `calc(${100 - left - width}% + 4px)` } : { right: `calc(${100 - left}% + 4px)` }}>
                {formatDuration(r.durationMs)}
              </span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
