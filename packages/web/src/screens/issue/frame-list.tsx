/**
 * @module Stack frames, most recent call first (as Sentry shows them). In-app frames are open with their source
 * context; runs of library frames fold into one "N library frames" row so the app's own code stands out.
 */
import { useState } from 'react';
import type { Frame } from '../../lib/api-types.ts';

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

function FrameItem({ frame, open }: { frame: Frame; open: boolean }) {
  const inApp = frame.in_app === true;
  return (
    <li className={`frame ${inApp ? 'frame-app' : 'frame-lib'}`}>
      <details open={open}>
        <summary>
          <span className="frame-file">{frameTitle(frame)}</span>
          {frame.function && (
            <>
              <span className="muted"> in </span>
              <span className="frame-fn">{frame.function}</span>
            </>
          )}
          {frame.lineno != null && (
            <span className="muted">
              {' '}
              at line {frame.lineno}
              {frame.colno != null ? `:${frame.colno}` : ''}
            </span>
          )}
          {inApp && <span className="badge badge-app">In App</span>}
        </summary>
        <FrameSource frame={frame} />
        {frame.vars && Object.keys(frame.vars).length > 0 && <pre className="frame-vars">{JSON.stringify(frame.vars, null, 2)}</pre>}
      </details>
    </li>
  );
}

function LibraryRun({ frames }: { frames: Frame[] }) {
  const [shown, setShown] = useState(false);
  if (shown) return frames.map((f, i) => <FrameItem key={i} frame={f} open={false} />);
  return (
    <li className="frame-fold">
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setShown(true)} aria-expanded={false}>
        Show {frames.length} library frames
      </button>
    </li>
  );
}

export function FrameList({ frames, fullTrace }: { frames: Frame[]; fullTrace: boolean }) {
  const recentFirst = [...frames].reverse();
  const anyInApp = recentFirst.some((f) => f.in_app === true);
  // With no in-app frame at all, folding everything would hide the whole trace: open the top frame instead.
  if (!anyInApp || fullTrace) {
    return (
      <ol className="frames" aria-label="Stack frames, most recent call first">
        {recentFirst.map((f, i) => (
          <FrameItem key={i} frame={f} open={f.in_app === true || (!anyInApp && i === 0)} />
        ))}
      </ol>
    );
  }
  const groups: Array<{ lib: boolean; frames: Frame[] }> = [];
  for (const f of recentFirst) {
    const lib = f.in_app !== true;
    const last = groups[groups.length - 1];
    if (last && last.lib === lib) last.frames.push(f);
    else groups.push({ lib, frames: [f] });
  }
  return (
    <ol className="frames" aria-label="Stack frames, most recent call first">
      {groups.map((g, gi) =>
        g.lib ? <LibraryRun key={gi} frames={g.frames} /> : g.frames.map((f, i) => <FrameItem key={`${gi}-${i}`} frame={f} open />),
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
