/**
 * @module The replay player: rrweb's own Replayer (from `@rrweb/replay`) rebuilding the recorded page in its
 * sandboxed iframe (`sandbox="allow-same-origin"`, never `allow-scripts`, so nothing the recording carries can run),
 * scaled to fit, with play/pause, speed, skip inactivity, a seek bar and the timeline beside it.
 */
import { Replayer } from '@rrweb/replay';
import '@rrweb/replay/dist/style.css';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../lib/format-time.ts';
import type { RecordedEvent, TimelineItem } from './replay-timeline-items.ts';
import { ReplayTimeline } from './replay-timeline.tsx';

type ReplayerEvents = ConstructorParameters<typeof Replayer>[0];
const SPEEDS = [1, 2, 4, 8];

export function ReplayPlayer({ events, items, startAt }: { events: RecordedEvent[]; items: TimelineItem[]; startAt: number }) {
  const stage = useRef<HTMLDivElement>(null);
  const replayer = useRef<Replayer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [current, setCurrent] = useState(startAt);
  const [speed, setSpeed] = useState(1);
  const [skipInactive, setSkipInactive] = useState(true);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [fit, setFit] = useState(0);
  const total = events.length > 1 ? events.at(-1)!.timestamp - events[0]!.timestamp : 0;

  useEffect(() => {
    const root = stage.current!;
    const r = new Replayer(events as ReplayerEvents, {
      root,
      skipInactive: true,
      mouseTail: false,
      showWarning: false,
      triggerFocus: false,
      UNSAFE_replayCanvas: false,
    });
    replayer.current = r;
    r.iframe.title = 'Recorded page';
    r.on('resize', (d) => setSize(d as { width: number; height: number }));
    r.on('finish', () => setPlaying(false));
    r.pause(startAt);
    setCurrent(startAt);
    const observer = new ResizeObserver(() => setFit(root.clientWidth));
    observer.observe(root);
    return () => {
      observer.disconnect();
      r.destroy();
      root.replaceChildren();
      replayer.current = null;
    };
    // The startAt of the first render opens the player; later seeks go through `seek`.
  }, [events]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setCurrent(Math.min(total, replayer.current?.getCurrentTime() ?? 0)), 200);
    return () => clearInterval(timer);
  }, [playing, total]);

  useEffect(() => replayer.current?.setConfig({ speed, skipInactive }), [speed, skipInactive]);

  const seek = (offset: number) => {
    const at = Math.max(0, Math.min(total, offset));
    if (playing) replayer.current?.play(at);
    else replayer.current?.pause(at);
    setCurrent(at);
  };
  const toggle = () => {
    const r = replayer.current;
    if (!r) return;
    if (playing) {
      r.pause();
      setCurrent(r.getCurrentTime());
      setPlaying(false);
    } else {
      r.play(current >= total ? 0 : current);
      setPlaying(true);
    }
  };

  const scale = size && fit ? Math.min(1, fit / size.width) : 1;
  return (
    <div className="replay-body">
      <section className="card replay-player" aria-label="Player">
        <div className="replay-stage-frame" style={{ height: size ? Math.ceil(size.height * scale) : undefined }}>
          <div ref={stage} className="replay-stage" style={{ ['--replay-scale' as string]: String(scale) }} data-testid="replay-stage" />
        </div>
        <div className="replay-controls">
          <button type="button" className="btn btn-small replay-play" onClick={toggle} aria-pressed={playing}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <label className="replay-seek">
            <span className="visually-hidden">Position</span>
            <input type="range" min={0} max={Math.max(total, 1)} step={100} value={Math.round(current)} onChange={(e) => seek(Number(e.target.value))} />
          </label>
          <span className="replay-clock mono" aria-label="Time">
            {formatDuration(current / 1000)} / {formatDuration(total / 1000)}
          </span>
          <label className="replay-speed">
            <span className="visually-hidden">Speed</span>
            <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
          <label className="replay-skip">
            <input type="checkbox" checked={skipInactive} onChange={(e) => setSkipInactive(e.target.checked)} /> Skip inactivity
          </label>
        </div>
      </section>
      <ReplayTimeline items={items} current={current} onSeek={seek} />
    </div>
  );
}
