/** @module Helpers for the digest writer's multi-row statements: chunking and placeholder lists. */

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `?, ?, ?` for n values. */
export const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** `(?, ?), (?, ?)`: `rows` tuples of `width` placeholders. */
export const tuples = (rows: number, width: number): string => {
  const one = `(${marks(width)})`;
  return Array.from({ length: rows }, () => one).join(', ');
};

/**
 * A VALUES list whose first row casts each column (`CAST(? AS BIGINT)`), so PostgreSQL types the columns of an
 * `UPDATE … FROM (VALUES …)`; SQLite reads the casts as affinities. Columns are `column1`, `column2`… in both.
 */
export function typedValues(rows: number, types: readonly string[]): string {
  const first = `(${types.map((t) => `CAST(? AS ${t})`).join(', ')})`;
  return rows <= 1 ? first : `${first}, ${tuples(rows - 1, types.length)}`;
}
