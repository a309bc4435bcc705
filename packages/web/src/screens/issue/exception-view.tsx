/**
 * @module The exception chain: the primary exception first (Sentry sends it last), each cause below it, linked.
 * A "Raw" switch shows the trace as the runtime printed it, for copying into a ticket.
 */
import { useState } from 'react';
import type { ExceptionValue } from '../../lib/api-types.ts';
import { CodeBlock } from '../../components/code-block.tsx';
import { FrameList, rawTrace } from './frame-list.tsx';

export function ExceptionView({ values }: { values: ExceptionValue[] }) {
  const [raw, setRaw] = useState(false);
  const [full, setFull] = useState(false);
  const chain = [...values].reverse();
  const hasLibrary = values.some((v) => v.stacktrace?.frames?.some((f) => f.in_app !== true));
  return (
    <section className="event-section" aria-labelledby="exception-title">
      <div className="section-head">
        <h2 id="exception-title">{chain.length > 1 ? `Exceptions (${chain.length}, primary first)` : 'Exception'}</h2>
        <div className="section-tools" role="group" aria-label="Stack trace view">
          {hasLibrary && !raw && (
            <button type="button" className="btn btn-small" aria-pressed={full} onClick={() => setFull(!full)}>
              Full trace
            </button>
          )}
          <button type="button" className="btn btn-small" aria-pressed={raw} onClick={() => setRaw(!raw)}>
            Raw
          </button>
        </div>
      </div>
      {chain.map((ex, i) => {
        const frames = ex.stacktrace?.frames ?? [];
        const id = `exception-${i}`;
        return (
          <article key={i} className="exception" id={id} aria-labelledby={`${id}-title`}>
            {i > 0 && <p className="caused-by">Caused by</p>}
            <h3 id={`${id}-title`} className="exception-title">
              <span className="exception-type">{ex.type || 'Error'}</span>
              {ex.value && <span className="exception-value">: {ex.value}</span>}
            </h3>
            <p className="exception-meta">
              {ex.mechanism?.type && <span className="badge">mechanism: {ex.mechanism.type}</span>}
              {ex.mechanism?.handled === false && <span className="badge badge-danger">unhandled</span>}
              {ex.mechanism?.handled === true && <span className="badge">handled</span>}
              {ex.module && <span className="badge">module: {ex.module}</span>}
              {i + 1 < chain.length && (
                <a href={`#exception-${i + 1}`} className="cause-link">
                  caused by {chain[i + 1]!.type || 'Error'} ↓
                </a>
              )}
            </p>
            {frames.length === 0 ? (
              <p className="muted">No stack trace was sent with this exception.</p>
            ) : raw ? (
              <CodeBlock code={rawTrace(ex.type || 'Error', ex.value || '', frames)} title="Raw stack trace" />
            ) : (
              <FrameList frames={frames} fullTrace={full} excIdx={values.length - 1 - i} />
            )}
          </article>
        );
      })}
    </section>
  );
}
