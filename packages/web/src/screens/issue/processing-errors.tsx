/**
 * @module The processing-errors banner. Source-map errors come first and say which frames did not resolve, for
 * which file URL and debug ID, and why; each frame opens its "why didn't this frame resolve?" lookup. Other
 * problems (values Faultline had to fix or drop) are listed below them as before.
 */
import { useId, useState } from 'react';
import type { EventDetails, ExceptionValue, Frame, ProcessingError } from '../../lib/api-types.ts';
import { framesResolved, isSourceMapError, location, minifiedFrame, parseFramePath, sourceMapErrorTitle, type FramePath } from '../../lib/source-maps.ts';
import { useFrameDebug } from './frame-debug-context.ts';
import { formatValue } from './kv-table.tsx';
import { SourceMapDebugPanel } from './source-map-debug-panel.tsx';

const SHOWN_FRAMES = 5;

function frameAt(event: EventDetails, p: FramePath): Frame | undefined {
  const exc = event.entries.find((e) => e.type === 'exception')?.data as { values?: ExceptionValue[] } | undefined;
  return exc?.values?.[p.excIdx]?.stacktrace?.frames?.[p.frameIdx];
}

/** The file's last path segment with line and column: the banner already names the whole URL once. */
function shortLocation(f: Parameters<typeof location>[0]): string {
  const full = location(f);
  const file = f?.abs_path || f?.filename || '';
  const base = file.replace(/[?#].*$/, '').split('/').pop() || file;
  return file ? base + full.slice(file.length) : full;
}

/** Most recent call first, like the stack trace below the banner. */
function recentFirst(paths: string[]): string[] {
  const key = (p: string) => parseFramePath(p) ?? { excIdx: -1, frameIdx: -1 };
  return [...paths].sort((a, b) => key(b).excIdx - key(a).excIdx || key(b).frameIdx - key(a).frameIdx);
}

function AffectedFrame({ event, path }: { event: EventDetails; path: string }) {
  const debug = useFrameDebug();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const p = parseFramePath(path);
  const frame = p ? frameAt(event, p) : undefined;
  const arrived = frame ? minifiedFrame(frame) : undefined;
  return (
    <li className="perr-frame">
      <div className="perr-frame-row">
        <span className="perr-frame-loc">
          {arrived?.function && (
            <>
              <code className="frame-fn">{arrived.function}</code>
              <span className="muted"> at </span>
            </>
          )}
          <code title={arrived ? location(arrived) : undefined}>{arrived ? shortLocation(arrived) : path}</code>
        </span>
        {p && debug && (
          <button type="button" className="btn btn-small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
            Why didn't this frame resolve?
          </button>
        )}
      </div>
      {open && p && debug && <SourceMapDebugPanel id={panelId} projectSlug={debug.projectSlug} eventId={debug.eventId} path={p} />}
    </li>
  );
}

function SourceMapError({ error, event }: { error: ProcessingError; event: EventDetails }) {
  const [all, setAll] = useState(false);
  const frames = recentFirst(error.frames ?? (error.name ? [error.name] : []));
  const shown = all ? frames : frames.slice(0, SHOWN_FRAMES);
  const resolved = framesResolved(error.type);
  return (
    <li className="perr">
      <p className="perr-head">
        <strong>{sourceMapErrorTitle(error.type)}</strong> <code className="perr-type">{error.type}</code>
      </p>
      <dl className="perr-facts">
        {error.url && (
          <div>
            <dt>File</dt>
            <dd>
              <code>{error.url}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>Debug ID</dt>
          <dd>{error.debug_id ? <code>{error.debug_id}</code> : <span className="muted">none in the event</span>}</dd>
        </div>
        {error.sourcemap && (
          <div>
            <dt>Source map</dt>
            <dd>
              <code>{error.sourcemap}</code>
            </dd>
          </div>
        )}
      </dl>
      {error.reason && <p className="perr-reason">{error.reason}</p>}
      {frames.length > 0 && (
        <>
          <p className="perr-frames-title">
            {resolved
              ? `${frames.length === 1 ? '1 frame' : `${frames.length} frames`} resolved without source context:`
              : `${frames.length === 1 ? '1 frame' : `${frames.length} frames`} not resolved:`}
          </p>
          <ul className="perr-frames">
            {shown.map((path) => (
              <AffectedFrame key={path} event={event} path={path} />
            ))}
          </ul>
          {frames.length > shown.length && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setAll(true)}>
              Show {frames.length - shown.length} more frames
            </button>
          )}
        </>
      )}
    </li>
  );
}

export function ProcessingErrors({ errors, event, onReprocess, reprocessing }: { errors: ProcessingError[]; event: EventDetails; onReprocess?: () => void; reprocessing?: boolean }) {
  if (!errors.length) return null;
  const maps = errors.filter(isSourceMapError);
  const other = errors.filter((e) => !isSourceMapError(e));
  const unresolved = maps.filter((e) => !framesResolved(e.type)).reduce((n, e) => n + (e.frames?.length ?? 1), 0);
  return (
    <section className="banner banner-warning processing-errors" aria-labelledby="processing-errors-title">
      <h2 id="processing-errors-title" className="banner-title">
        {maps.length > 0
          ? unresolved > 0
            ? `Source maps: ${unresolved === 1 ? '1 frame' : `${unresolved} frames`} could not be resolved`
            : 'Source maps: frames resolved with problems'
          : `There ${errors.length === 1 ? 'was 1 problem' : `were ${errors.length} problems`} processing this event.`}
      </h2>
      {maps.length > 0 && (
        <ul className="perr-list">
          {maps.map((e, i) => (
            <SourceMapError key={i} error={e} event={event} />
          ))}
        </ul>
      )}
      {maps.length > 0 && onReprocess && (
        <p className="perr-actions">
          <span>Uploaded the missing source maps since? Reprocessing resolves this issue's events again.</span>
          <button type="button" className="btn btn-small" onClick={onReprocess} disabled={reprocessing}>
            {reprocessing ? 'Reprocessing…' : 'Reprocess issue'}
          </button>
        </p>
      )}
      {other.length > 0 && (
        <>
          {maps.length > 0 && <p className="perr-other-title">Other problems processing this event:</p>}
          <ul>
            {other.map((e, i) => (
              <li key={i}>
                <code>{e.type}</code>
                {e.name && (
                  <>
                    {' '}
                    at <code>{e.name}</code>
                  </>
                )}
                {e.reason && <> — {e.reason}</>}
                {e.value !== undefined && <> (original: {formatValue(typeof e.value === 'string' ? e.value : JSON.stringify(e.value))})</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
