/**
 * @module A stored transaction in Sentry's event detail shape: `type: 'transaction'`, the body's fields, and
 * `entries` with one `spans` entry (its child spans, SpanJSON in seconds) and the request.
 */
import type { SpanRow, TransactionRow } from '@faultline/store';
import { iso } from '../serialize.ts';
import { serializeSpan } from './serialize-span.ts';

type Body = Record<string, unknown> & { tags?: Array<[string, string]>; request?: unknown; release?: string };

export function serializeTransactionEvent(row: TransactionRow, body: Body, spans: SpanRow[]) {
  const entries: Array<{ type: string; data: unknown }> = [{ type: 'spans', data: spans.filter((s) => s.is_segment !== 1).map(serializeSpan) }];
  if (body.request) entries.push({ type: 'request', data: body.request });
  return {
    id: row.event_id,
    eventID: row.event_id,
    groupID: null,
    projectID: String(row.project_id),
    type: 'transaction',
    title: row.name,
    message: '',
    culprit: row.name,
    location: row.name,
    transaction: row.name,
    platform: body.platform ?? null,
    dateCreated: iso(row.end_ts),
    dateReceived: iso(row.received),
    startTimestamp: row.start_ts / 1000,
    endTimestamp: row.end_ts / 1000,
    release: row.release ? { version: row.release } : null,
    environment: row.environment,
    tags: (body.tags ?? []).map(([key, value]) => ({ key, value })),
    user: body.user ?? null,
    contexts: body.contexts ?? {},
    sdk: body.sdk ?? null,
    measurements: body.measurements ?? {},
    entries,
    errors: body.errors ?? [],
    extra: body.extra ?? {},
    context: body.extra ?? {},
  };
}
