/**
 * @module `keepsTrace`: digest's per-project trace sampling. A trace is kept when its id, read as a number in
 * [0, 1) (its last 13 hex digits, 52 bits), is below the project's rate — the same answer for every item of the
 * trace, on every digest node, so a trace is kept or dropped whole. SDK trace ids are random, so the kept share
 * is the rate. A null rate keeps everything; 0 drops everything.
 */
export function keepsTrace(traceId: string, rate: number | null): boolean {
  if (rate === null || rate >= 1) return true;
  if (rate <= 0) return false;
  const tail = Number.parseInt(traceId.slice(-13), 16);
  if (!Number.isFinite(tail)) return true; // not hex: normalization refuses such ids before this
  return tail / 2 ** 52 < rate;
}
