/**
 * @module One event of an issue in full: navigation (oldest / previous / next / latest), then what a developer reads
 * top to bottom: message, exception chain, breadcrumbs, request, user, contexts, tags, release / SDK.
 */
import { useMemo } from 'react';
import type { Breadcrumb, EventDetails, ExceptionValue, ProcessingError, RequestData } from '../../lib/api-types.ts';
import { isSourceMapError } from '../../lib/source-maps.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { Link } from '../../components/link.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { BreadcrumbsView } from './breadcrumbs-view.tsx';
import { ContextsSection, MetaSection, RequestSection, TagsSection, UserSection } from './context-sections.tsx';
import { ExceptionView } from './exception-view.tsx';
import { ThreadsView, type ThreadValue } from './threads-view.tsx';
import { FrameDebugContext, type FrameDebug } from './frame-debug-context.ts';
import { ProcessingErrors } from './processing-errors.tsx';

function entry<T>(event: EventDetails, type: string): T | undefined {
  return event.entries.find((e) => e.type === type)?.data as T | undefined;
}

/** The event as the last breadcrumb: what happened right after the trail. */
function finalCrumb(event: EventDetails, values: ExceptionValue[] | undefined): Breadcrumb {
  const primary = values?.[values.length - 1];
  return {
    timestamp: Date.parse(event.dateCreated) / 1000,
    category: primary ? 'exception' : 'message',
    level: event.level === 'fatal' ? 'fatal' : event.level,
    message: primary ? `${primary.type ?? 'Error'}${primary.value ? `: ${primary.value}` : ''}` : event.message || event.title,
  };
}

function EventNav({ issueId, event, projectSlug }: { issueId: string; event: EventDetails; projectSlug: string }) {
  const org = useOrg();
  const base = `/issues/${issueId}/events`;
  const NavBtn = ({ to, label, children }: { to: string | null; label: string; children: string }) =>
    to ? (
      <Link to={to} className="btn btn-small" aria-label={label}>
        {children}
      </Link>
    ) : (
      <button type="button" className="btn btn-small" disabled aria-label={label}>
        {children}
      </button>
    );
  return (
    <div className="event-nav">
      <div className="event-id">
        <span className="muted">Event</span> <code>{event.eventID.slice(0, 12)}</code> <TimeAgo date={event.dateCreated} />
        <a className="event-json" href={`/api/0/projects/${org}/${projectSlug}/events/${event.eventID}/`} target="_blank" rel="noreferrer">
          JSON
        </a>
      </div>
      <nav className="btn-group" aria-label="Event navigation">
        <NavBtn to={`${base}/oldest/`} label="Oldest event">
          « Oldest
        </NavBtn>
        <NavBtn to={event.previousEventID ? `${base}/${event.previousEventID}/` : null} label="Previous event">
          ‹ Previous
        </NavBtn>
        <NavBtn to={event.nextEventID ? `${base}/${event.nextEventID}/` : null} label="Next event">
          Next ›
        </NavBtn>
        <NavBtn to={`${base}/latest/`} label="Latest event">
          Latest »
        </NavBtn>
      </nav>
    </div>
  );
}

function errorsByPath(errors: ProcessingError[] | null): Map<string, ProcessingError> {
  const out = new Map<string, ProcessingError>();
  for (const e of errors ?? []) {
    if (!isSourceMapError(e)) continue;
    for (const path of e.frames ?? (e.name ? [e.name] : [])) if (!out.has(path)) out.set(path, e);
  }
  return out;
}

/** "View trace" when the error happened inside a trace (`contexts.trace.trace_id`). */
function TraceLink({ event }: { event: EventDetails }) {
  const traceId = event.contexts?.trace?.trace_id;
  if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/i.test(traceId)) return null;
  const spanId = event.contexts?.trace?.span_id;
  const to = `/performance/trace/${traceId.toLowerCase()}/${typeof spanId === 'string' && spanId ? `?span=${encodeURIComponent(spanId)}` : ''}`;
  return (
    <p className="event-trace">
      <Link to={to}>View trace</Link> <span className="muted">{traceId.slice(0, 8)}</span>
    </p>
  );
}

export function EventPanel({
  issueId,
  eventId,
  projectSlug,
  onReprocess,
  reprocessing,
}: {
  issueId: string;
  eventId: string;
  projectSlug: string;
  /** Offered in the processing-errors banner when source maps failed. */
  onReprocess?: () => void;
  reprocessing?: boolean;
}) {
  const ev = useApi<EventDetails>(`/issues/${issueId}/events/${eventId}/`);
  const debug = useMemo<FrameDebug | null>(
    () => (ev.data ? { projectSlug, eventId: ev.data.eventID, errorsByPath: errorsByPath(ev.data.errors) } : null),
    [ev.data, projectSlug],
  );
  if (ev.error) return <ErrorState error={ev.error} onRetry={ev.reload} />;
  if (!ev.data) return <Loading label="Loading event…" />;
  const event = ev.data;
  const exception = entry<{ values: ExceptionValue[] }>(event, 'exception');
  const threads = entry<{ values?: ThreadValue[] }>(event, 'threads');
  const message = entry<{ formatted: string }>(event, 'message');
  const crumbs = entry<{ values: Breadcrumb[] }>(event, 'breadcrumbs');
  const request = entry<RequestData>(event, 'request');
  return (
    <FrameDebugContext.Provider value={debug}>
    <div className="event-panel" aria-busy={ev.loading}>
      <EventNav issueId={issueId} event={event} projectSlug={projectSlug} />
      <TraceLink event={event} />
      {event.errors && <ProcessingErrors errors={event.errors} event={event} onReprocess={onReprocess} reprocessing={reprocessing} />}
      {message && (
        <section className="event-section" aria-labelledby="message-title">
          <h2 id="message-title">Message</h2>
          <pre className="message-block">{message.formatted}</pre>
        </section>
      )}
      {exception?.values?.length ? <ExceptionView values={exception.values} /> : null}
      {threads?.values?.length ? (
        <ThreadsView values={threads.values} exceptionHasFrames={!!exception?.values?.some((v) => v.stacktrace?.frames?.length)} />
      ) : null}
      {crumbs?.values?.length ? <BreadcrumbsView crumbs={crumbs.values} final={finalCrumb(event, exception?.values)} /> : null}
      {request && <RequestSection request={request} />}
      {event.user && Object.keys(event.user).length > 0 && <UserSection user={event.user} />}
      {event.contexts && <ContextsSection contexts={event.contexts} />}
      <TagsSection tags={event.tags} issueId={issueId} />
      <MetaSection event={event} />
    </div>
    </FrameDebugContext.Provider>
  );
}
