/** @module Short labels for a replay's environment: "Chrome 131 · Linux". */
import type { Replay } from '../../lib/api-types.ts';

const named = (x: { name: string | null; version: string | null }): string | null => (x.name ? [x.name, x.version?.split('.')[0]].filter(Boolean).join(' ') : null);

export function platformOf(r: Pick<Replay, 'browser' | 'os'>): string {
  return [named(r.browser), named(r.os)].filter(Boolean).join(' · ') || '—';
}
