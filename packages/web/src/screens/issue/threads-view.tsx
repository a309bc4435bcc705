/**
 * @module The threads of an event (Go, Python, Java… send a message's or a crash's stack there rather than in an
 * exception): the crashed thread first, then the current one, then the rest, each with its frames like an exception's.
 * Threads without frames are listed by name only; a crashed thread's stack already shown under the exception is skipped.
 */
import type { Frame } from '../../lib/api-types.ts';
import { FrameList } from './frame-list.tsx';

export interface ThreadValue {
  id?: number | string | null;
  name?: string | null;
  crashed?: boolean | null;
  current?: boolean | null;
  main?: boolean | null;
  stacktrace?: { frames?: Frame[] | null } | null;
}

function rank(t: ThreadValue): number {
  return t.crashed ? 0 : t.current ? 1 : 2;
}

export function threadTitle(t: ThreadValue, i: number): string {
  if (t.name) return t.id != null ? `${t.name} (#${t.id})` : t.name;
  return t.id != null ? `Thread #${t.id}` : `Thread ${i + 1}`;
}

export function orderThreads(values: ThreadValue[], exceptionHasFrames: boolean): ThreadValue[] {
  return values
    .filter((t) => t.stacktrace?.frames?.length && !(t.crashed && exceptionHasFrames))
    .map((t, i) => ({ t, i }))
    .sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i)
    .map(({ t }) => t);
}

export function ThreadsView({ values, exceptionHasFrames }: { values: ThreadValue[]; exceptionHasFrames: boolean }) {
  const shown = orderThreads(values, exceptionHasFrames);
  if (shown.length === 0) return null;
  return (
    <section className="event-section" aria-labelledby="threads-title">
      <h2 id="threads-title">{shown.length > 1 ? `Threads (${shown.length})` : 'Stack trace'}</h2>
      {shown.map((t, i) => {
        const id = `thread-${i}`;
        return (
          <article key={i} className="exception" aria-label={threadTitle(t, i)}>
            {(shown.length > 1 || t.name || t.id != null) && (
              <h3 id={`${id}-title`} className="exception-title">
                <span className="exception-type">{threadTitle(t, i)}</span>
              </h3>
            )}
            <p className="exception-meta">
              {t.crashed && <span className="badge badge-danger">crashed</span>}
              {t.current && <span className="badge">current</span>}
              {t.main && <span className="badge">main</span>}
            </p>
            <FrameList frames={t.stacktrace!.frames!} fullTrace={false} excIdx={-1} />
          </article>
        );
      })}
    </section>
  );
}
