/** @module A definition list of key → value; objects and arrays render as compact JSON so nothing is hidden (elements, e.g. links, render as they are). */
import { isValidElement, type ReactNode } from 'react';

export function formatValue(v: unknown): ReactNode {
  if (v === null || v === undefined) return <span className="muted">null</span>;
  if (typeof v === 'string') return v;
  if (isValidElement(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return <code className="kv-json">{JSON.stringify(v, null, 2)}</code>;
}

export function KvTable({ rows, label }: { rows: Array<[string, unknown]>; label?: string }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '');
  if (shown.length === 0) return <p className="muted">No data.</p>;
  return (
    <dl className="kv" aria-label={label}>
      {shown.map(([k, v], i) => (
        <div className="kv-row" key={`${k}-${i}`}>
          <dt>{k}</dt>
          <dd>{formatValue(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Sentry sends headers and query strings as [[k, v], …], as objects, or (query) as a raw string. */
export function pairs(v: unknown): Array<[string, unknown]> {
  if (!v) return [];
  if (Array.isArray(v)) return v.filter((p): p is [string, unknown] => Array.isArray(p) && p.length >= 2).map(([k, val]) => [String(k), val]);
  if (typeof v === 'string') return [...new URLSearchParams(v.replace(/^\?/, '')).entries()];
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>);
  return [];
}
