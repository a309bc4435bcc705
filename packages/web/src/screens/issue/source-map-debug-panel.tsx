/**
 * @module "Why didn't this frame resolve?": every step Faultline took looking for one frame's source map (debug ID
 * in the event, bundle uploaded with it, release + dist + URL, sourceMappingURL, same build, position), from
 * `GET …/events/{id}/source-map-debug/`, with the facts it used and what to do about it.
 */
import type { SourceMapDebug } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { describeStep, location, resolvedWithLabel, sourceMapErrorTitle, type FramePath, type StepOutcome } from '../../lib/source-maps.ts';
import { useApi } from '../../lib/use-api.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { KvTable } from './kv-table.tsx';

const MARK: Record<StepOutcome, [string, string]> = {
  ok: ['✓', 'passed'],
  miss: ['✗', 'failed'],
  info: ['•', 'note'],
};

function advice(d: SourceMapDebug): string | null {
  const type = d.error?.type;
  if (!type) return null;
  if (type === 'js_missing_debug_id')
    return 'Run `sentry-cli sourcemaps inject` on the build before uploading (or upload with --release and send the same release from the SDK), then reprocess the issue.';
  if (type === 'js_invalid_source')
    return 'Upload the maps of the build that actually ran (same debug ID) — a rebuild produces different positions — then reprocess the issue.';
  if (type === 'js_invalid_sourcemap_location') return 'The frame points past what the map covers: the map is from another build of this file.';
  if (type === 'js_missing_sources_content') return 'Build the maps with sources included (sourcesContent) to get context lines.';
  return d.debugId
    ? `Upload the source maps of the build with debug ID ${d.debugId} (sentry-cli sourcemaps upload), then reprocess the issue.`
    : 'Upload the source maps for this release (sentry-cli sourcemaps upload --release …), then reprocess the issue.';
}

export function SourceMapDebugPanel({ id, projectSlug, eventId, path }: { id: string; projectSlug: string; eventId: string; path: FramePath }) {
  const org = useOrg();
  const res = useApi<SourceMapDebug>(`/projects/${org}/${projectSlug}/events/${eventId}/source-map-debug/`, { exception_idx: path.excIdx, frame_idx: path.frameIdx });
  if (res.error) {
    return (
      <div className="smdebug" id={id}>
        <ErrorState error={res.error} onRetry={res.reload} />
      </div>
    );
  }
  if (!res.data) {
    return (
      <div className="smdebug" id={id}>
        <Loading label="Looking up the source map…" />
      </div>
    );
  }
  const d = res.data;
  const arrived = d.frame.raw ?? d.frame;
  const tip = advice(d);
  // The server writes a step for a missing debug ID but none for a found one: say it was found, as a passed check.
  const steps = d.debugId && !d.steps.some((t) => /debug_meta|names no debug ID|debug ID comment/.test(t)) ? [`found debug ID ${d.debugId} for this file in the event's debug_meta`, ...d.steps] : d.steps;
  return (
    <section className="smdebug" id={id} aria-label={`Source map lookup for ${location(arrived)}`}>
      <p className="smdebug-title">
        {d.frame.resolved ? (
          <>
            <span className="smdebug-verdict is-ok">Resolved</span> to <code>{location(d.frame)}</code>
            {d.resolvedWith && <> via {resolvedWithLabel(d.resolvedWith)}</>}
          </>
        ) : (
          <>
            <span className="smdebug-verdict is-miss">Not resolved</span>
            {d.error && <> — {sourceMapErrorTitle(d.error.type)}</>}
          </>
        )}
      </p>
      <KvTable
        label="What the lookup used"
        rows={[
          ['Frame as it arrived', `${location(arrived)}${arrived.function ? ` in ${arrived.function}` : ''}`],
          ['File URL', d.absPath],
          ['Debug ID', d.debugId ?? 'none in the event'],
          ['Release', d.release ?? 'none'],
          ['Distribution', d.dist ?? undefined],
          ['Source map', d.sourcemap ?? d.error?.sourcemap],
        ]}
      />
      <h4 className="sub-title">Lookup steps</h4>
      <ol className="smdebug-steps">
        {steps.map((text, i) => {
          const s = describeStep(text);
          const [mark, word] = MARK[s.outcome];
          return (
            <li key={i} className={`smdebug-step is-${s.outcome}`}>
              <span className="smdebug-mark" aria-hidden="true">
                {mark}
              </span>
              <span className="visually-hidden">{word}: </span>
              <span className="smdebug-check">{s.check}</span>
              <span className="smdebug-text">{s.text}</span>
            </li>
          );
        })}
      </ol>
      {tip && <p className="smdebug-tip">{tip}</p>}
    </section>
  );
}
