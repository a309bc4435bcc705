/**
 * @module Breadcrumbs as a timeline (oldest at the top, the error at the bottom, like reading a log), with a text
 * filter and level / category menus. Long trails show their most recent part until expanded.
 */
import { useMemo, useState } from 'react';
import type { Breadcrumb } from '../../lib/api-types.ts';
import { clockTime } from '../../lib/format-time.ts';

const RECENT = 12;

function describe(b: Breadcrumb): string {
  if (b.message) return b.message;
  const d = b.data ?? {};
  if (typeof d.url === 'string') return `${typeof d.method === 'string' ? `${d.method} ` : ''}${d.url}${d.status_code !== undefined ? ` [${String(d.status_code)}]` : ''}`;
  if (typeof d.to === 'string') return `${typeof d.from === 'string' ? `${d.from} → ` : '→ '}${d.to}`;
  return Object.keys(d).length ? JSON.stringify(d) : '';
}

/** `final` is the event itself (Sentry ends the trail with the exception), so the trail reads up to the error. */
export function BreadcrumbsView({ crumbs: trail, final }: { crumbs: Breadcrumb[]; final?: Breadcrumb }) {
  const crumbs = useMemo(() => (final ? [...trail, final] : trail), [trail, final]);
  const [text, setText] = useState('');
  const [level, setLevel] = useState('');
  const [category, setCategory] = useState('');
  const [all, setAll] = useState(false);
  const categories = useMemo(() => [...new Set(crumbs.map((c) => c.category || c.type || 'default'))].sort(), [crumbs]);
  const levels = useMemo(() => [...new Set(crumbs.map((c) => c.level || 'info'))].sort(), [crumbs]);
  const filtered = crumbs.filter((c) => {
    if (level && (c.level || 'info') !== level) return false;
    if (category && (c.category || c.type || 'default') !== category) return false;
    if (text) {
      const hay = `${c.category ?? ''} ${describe(c)}`.toLowerCase();
      if (!hay.includes(text.toLowerCase())) return false;
    }
    return true;
  });
  const filtering = !!(text || level || category);
  const shown = all || filtering ? filtered : filtered.slice(-RECENT);

  return (
    <section className="event-section" aria-labelledby="crumbs-title">
      <div className="section-head">
        <h2 id="crumbs-title">Breadcrumbs</h2>
        <div className="section-tools crumb-filters">
          <label className="filter">
            <span className="visually-hidden">Filter breadcrumbs</span>
            <input type="search" placeholder="Filter breadcrumbs" value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <label className="filter">
            <span className="visually-hidden">Breadcrumb category</span>
            <select value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span className="visually-hidden">Breadcrumb level</span>
            <select value={level} onChange={(e) => setLevel(e.target.value)}>
              <option value="">All levels</option>
              {levels.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {!all && !filtering && filtered.length > RECENT && (
        <button type="button" className="btn btn-ghost btn-small crumbs-more" onClick={() => setAll(true)}>
          Show {filtered.length - RECENT} earlier breadcrumbs
        </button>
      )}
      {shown.length === 0 ? (
        <p className="muted">No breadcrumbs match.</p>
      ) : (
        <ol className="crumbs" aria-label="Breadcrumb timeline, oldest first">
          {shown.map((c, i) => {
            const lvl = c.level || 'info';
            return (
              <li key={i} className={`crumb crumb-${lvl}`}>
                <span className="crumb-dot" aria-hidden="true" />
                <span className="crumb-cat">{c.category || c.type || 'default'}</span>
                <span className="crumb-msg">{describe(c)}</span>
                <span className={`crumb-level level-${lvl}`}>{lvl}</span>
                <time className="crumb-time">{clockTime(c.timestamp)}</time>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
