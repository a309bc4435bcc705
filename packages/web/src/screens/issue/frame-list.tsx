/**
 * @module Stack frames, most recent call first (as Sentry shows them). In-app frames are open with their source
 * context; runs of library frames fold into one "N library frames" row so the app's own code stands out.
 * Frames a source map resolved carry a badge and a per-frame switch back to the minified location as it arrived;
 * frames a source map should have resolved but didn't say why, on request.
 */
import { useId, useState } from 'react';
import type { Frame } from '../../lib/api-types.ts';
import { framePath, framesResolved, location, resolvedWithLabel, sourceMapErrorTitle } from '../../lib/source-maps.ts';
import { useFrameDebug } from './frame-debug-context.ts';
import { SourceMapDebugPanel } from './source-map-debug-panel.tsx';
import { KvTable } from './kv-table.tsx';

/** A frame with its index in the stored (oldest-first) list, which is how the API names frames. */
interface Indexed {
  frame: Frame;
  idx: number;
}

function frameTitle(f: Frame): string {
  return f.filename || f.abs_path || f.module || '<unknown>';
}

function FrameSource({ frame }: { frame: Frame }) {
  const line = frame.lineno ?? 0;
  const pre = frame.pre_context ?? [];
  const post = frame.post_context ?? [];
  if (frame.context_line == null) return <p className="frame-nosource muted">No source context for this frame.</p>;
  const lines: Array<[number, string, boolean]> = [
    ...pre.map((l, i): [number, string, boolean] => [line - pre.length + i, l, false]),
    [line, frame.context_line, true],
    ...post.map((l, i): [number, string, boolean] => [line + 1 + i, l, false]),
  ];
  return (
    <ol className="frame-source" start={lines[0]![0]} aria-label={`Source around line ${line}`} tabIndex={0}>
      {lines.map(([n, text, current]) => (
        <li key={n} className={current ? 'is-current' : undefined} aria-current={current ? 'true' : undefined}>
          <span className="ln" aria-hidden="true">
            {n}
          </span>
          <code>{text || ' '}</code>
        </li>
      ))}
    </ol>
  );
}

/** The minified frame as the runtime reported it; a minified line is one huge line, so only the part around the column. */
function MinifiedView({ raw }: { raw: NonNullable<Frame['raw']> }) {
  const col = raw.colno ?? 1;
  const line = raw.context_line;
  const excerpt = line ? `${col > 61 ? '…' : ''}${line.slice(Math.max(0, col - 61), col + 60)}${line.length > col + 60 ? '…' : ''}` : null;
  return (
    <div className="frame-minified">
      <p>
        <span className="muted">As it arrived: </span>
        <code className="frame-minified-loc">{location(raw)}</code>
        {raw.function && (
          <>
            <span className="muted"> in </span>
            <code>{raw.function}</code>
          </>
        )}
      </p>
      {excerpt ? (
        <pre className="frame-minified-line" tabIndex={0} aria-label="Minified source around the column">
          {excerpt}
        </pre>
      ) : (
        <p className="muted">The runtime sent no source line for the minified file; the original code comes from the source map.</p>
      )}
    </div>
  );
}

function FrameItem({ frame, idx, excIdx, open }: { frame: Frame; idx: number; excIdx: number; open: boolean }) {
  const debug = useFrameDebug();
  const panelId = useId();
  const [minified, setMinified] = useState(false);
  const [why, setWhy] = useState(false);
  const inApp = frame.in_app === true;
  const path = framePath({ excIdx, frameIdx: idx });
  const error = debug?.errorsByPath.get(path);
  const raw = frame.symbolicated && frame.raw ? frame.raw : null;
  const unresolved = !!error && !frame.symbolicated && !framesResolved(error.type);
  const shown: Frame = raw && minified ? { ...raw, in_app: frame.in_app } : frame;
  const via = resolvedWithLabel(frame.data?.resolved_with);
  return (
    <li className={`frame ${inApp ? 'frame-app' : 'frame-lib'}${raw ? ' frame-resolved' : ''}`}>
      <details open={open}>
        <summary>
          <span className="frame-file">{raw && minified ? location(raw) : frameTitle(shown)}</span>
          {shown.function && (
            <>
              <span className="muted"> in </span>
              <span className="frame-fn">{shown.function}</span>
            </>
          )}
          {!(raw && minified) && shown.lineno != null && (
            <span className="muted">
              {' '}
              at line {shown.lineno}
              {shown.colno != null ? `:${shown.colno}` : ''}
            </span>
          )}
          {inApp && <span className="badge badge-app">In App</span>}
          {raw && (
            <span className="badge badge-sourcemap" title={`Resolved by source map via ${via}`}>
              source map
            </span>
          )}
          {unresolved && <span className="badge badge-unresolved">not resolved</span>}
        </summary>
        {raw && (
          <div className="frame-tools">
            <span className="muted frame-resolved-note">
              Resolved by source map via {via}
              {frame.data?.sourcemap && (
                <>
                  {' '}
                  · <code className="frame-map">{frame.data.sourcemap}</code>
                </>
              )}
            </span>
            <span className="segmented-mini" role="group" aria-label={`Location shown for ${frameTitle(frame)}${frame.function ? ` in ${frame.function}` : ''}`}>
              <button type="button" className="btn btn-small" aria-pressed={!minified} onClick={() => setMinified(false)}>
                Original
              </button>
              <button type="button" className="btn btn-small" aria-pressed={minified} onClick={() => setMinified(true)}>
                Minified
              </button>
            </span>
          </div>
        )}
        {unresolved && debug && (
          <div className="frame-tools frame-tools-warn">
            <span>Not resolved: {sourceMapErrorTitle(error.type).toLowerCase()}.</span>
            <button type="button" className="btn btn-small" aria-expanded={why} aria-controls={panelId} onClick={() => setWhy(!why)}>
              Why didn't this frame resolve?
            </button>
          </div>
        )}
        {why && debug && <SourceMapDebugPanel id={panelId} projectSlug={debug.projectSlug} eventId={debug.eventId} path={{ excIdx, frameIdx: idx }} />}
        {raw && minified ? <MinifiedView raw={raw} /> : <FrameSource frame={frame} />}
        {frame.vars && Object.keys(frame.vars).length > 0 && (
          <div className="frame-vars">
            <KvTable rows={Object.entries(frame.vars)} label={`Local variables of ${frame.function ?? frameTitle(frame)}`} />
          </div>
        )}
      </details>
    </li>
  );
}

function LibraryRun({ frames, excIdx }: { frames: Indexed[]; excIdx: number }) {
  const [shown, setShown] = useState(false);
  if (shown) return frames.map((f) => <FrameItem key={f.idx} frame={f.frame} idx={f.idx} excIdx={excIdx} open={false} />);
  return (
    <li className="frame-fold">
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setShown(true)} aria-expanded={false}>
        Show {frames.length} library frames
      </button>
    </li>
  );
}

/** `excIdx` is the exception's index in the stored `exception.values` (oldest first), for frame paths. */
export function FrameList({ frames, fullTrace, excIdx = 0 }: { frames: Frame[]; fullTrace: boolean; excIdx?: number }) {
  const recentFirst: Indexed[] = frames.map((frame, idx) => ({ frame, idx })).reverse();
  const anyInApp = recentFirst.some((f) => f.frame.in_app === true);
  // With no in-app frame at all, folding everything would hide the whole trace: open the top frame instead.
  if (!anyInApp || fullTrace) {
    return (
      <ol className="frames" aria-label="Stack frames, most recent call first">
        {recentFirst.map((f, i) => (
          <FrameItem key={f.idx} frame={f.frame} idx={f.idx} excIdx={excIdx} open={f.frame.in_app === true || (!anyInApp && i === 0)} />
        ))}
      </ol>
    );
  }
  const groups: Array<{ lib: boolean; frames: Indexed[] }> = [];
  for (const f of recentFirst) {
    const lib = f.frame.in_app !== true;
    const last = groups[groups.length - 1];
    if (last && last.lib === lib) last.frames.push(f);
    else groups.push({ lib, frames: [f] });
  }
  return (
    <ol className="frames" aria-label="Stack frames, most recent call first">
      {groups.map((g, gi) =>
        g.lib ? (
          <LibraryRun key={gi} frames={g.frames} excIdx={excIdx} />
        ) : (
          g.frames.map((f) => <FrameItem key={f.idx} frame={f.frame} idx={f.idx} excIdx={excIdx} open />)
        ),
      )}
    </ol>
  );
}

/** The trace as a runtime would print it, most recent call first. */
export function rawTrace(type: string, value: string, frames: Frame[]): string {
  const lines = [`${type}${value ? `: ${value}` : ''}`];
  for (const f of [...frames].reverse()) {
    const where = `${f.abs_path || f.filename || '<unknown>'}${f.lineno != null ? `:${f.lineno}` : ''}${f.colno != null ? `:${f.colno}` : ''}`;
    lines.push(f.function ? `    at ${f.function} (${where})` : `    at ${where}`);
  }
  return lines.join('\n');
}
