/** @module A stored replay in the shape of Sentry's replay API (`id`, `started_at`, `count_segments`, …; snake_case as Sentry's). */
import { replaySummaryOf, type ReplayRow } from '@faultline/store';

const iso = (ms: number): string => new Date(ms).toISOString();

export function serializeReplay(row: ReplayRow) {
  const s = replaySummaryOf(row);
  return {
    id: row.replay_id,
    project_id: String(row.project_id),
    trace_ids: s.traceIds,
    error_ids: s.errorIds,
    environment: s.environment,
    tags: s.tags,
    user: {
      id: s.user.id,
      username: s.user.username,
      email: s.user.email,
      ip: s.user.ip,
      display_name: s.user.username ?? s.user.email ?? s.user.id ?? s.user.ip,
    },
    sdk: s.sdk,
    os: s.os,
    browser: s.browser,
    device: s.device,
    urls: s.urls,
    started_at: iso(s.startedAt),
    finished_at: iso(s.finishedAt),
    duration: row.duration,
    count_errors: row.count_errors,
    count_dead_clicks: row.count_dead_clicks,
    count_rage_clicks: row.count_rage_clicks,
    count_segments: row.count_segments,
    count_urls: row.count_urls,
    replay_type: s.replayType,
    platform: s.platform,
    releases: s.release ? [s.release] : [],
    dist: s.dist,
    is_archived: false,
  };
}
