/**
 * @module Every HTTP route Faultline serves, in one table. Order matters only where patterns overlap
 * (more specific first). Ingest routes authenticate by DSN key inside their handler. Every authenticated route names
 * the Sentry scope it needs (any one of a list; `admin` implies `write` implies `read`), enforced by the dispatcher
 * (auth/authenticate.ts); `session` routes refuse API tokens altogether.
 */
import type { Route } from './http/router.ts';
import type { Role } from './config.ts';
import { ALERTS_READ, ALERTS_WRITE, type Scope } from './auth/scopes.ts';
import { answerPreflight } from './ingest/cors.ts';
import { handleEnvelope, handleStore } from './ingest/ingest-handler.ts';
import { healthz, metrics, readyz } from './ops/ops-api.ts';
import * as org from './api/org-api.ts';
import * as filters from './api/project-filters-api.ts';
import * as issues from './api/issues-api.ts';
import * as events from './api/events-api.ts';
import * as auth from './api/auth-api.ts';
import * as members from './api/members-api.ts';
import * as tokens from './api/tokens-api.ts';
import * as projectStats from './api/project-stats-api.ts';
import * as orgTags from './api/org-tags-api.ts';
import { serveWeb } from './http/static-web.ts';
import * as chunks from './api/sourcemaps/chunk-upload-api.ts';
import * as assemble from './api/sourcemaps/assemble-api.ts';
import * as releases from './api/sourcemaps/releases-api.ts';
import * as releaseFiles from './api/sourcemaps/release-files-api.ts';
import * as bundles from './api/sourcemaps/artifact-bundles-api.ts';
import * as reprocess from './api/sourcemaps/reprocess-api.ts';
import * as alertRules from './api/alert-rules-api.ts';
import * as alertDeliveries from './api/alert-deliveries-api.ts';
import * as statsV2 from './api/stats/stats-v2-api.ts';
import * as sessions from './api/stats/sessions-api.ts';
import * as storage from './api/stats/storage-usage-api.ts';
import * as replays from './api/replays/replays-api.ts';
import * as traces from './api/tracing/trace-api.ts';
import * as discoverEvents from './api/tracing/discover-events-api.ts';
import * as eventsStats from './api/tracing/events-stats-api.ts';
import * as spanOps from './api/tracing/span-ops-breakdown.ts';

/** Sentry's release permission: `project:releases` (what sentry-cli tokens carry) or the project scopes. */
const RELEASE_READ: Scope[] = ['project:read', 'project:releases'];
const RELEASE_WRITE: Scope[] = ['project:write', 'project:releases'];

/** Deleting a replay: Sentry's project write or event admin. */
const REPLAY_DELETE: Scope[] = ['project:write', 'event:admin'];

const preflight: Route['handler'] = (ctx) => answerPreflight(ctx.req, ctx.res);

export const ROUTES: Route[] = [
  // Ingest (docs/protocol.md §1.3)
  { method: 'POST', path: '/api/:projectId/envelope', auth: 'none', scope: 'none', handler: handleEnvelope, part: 'ingest' },
  { method: 'OPTIONS', path: '/api/:projectId/envelope', auth: 'none', scope: 'none', handler: preflight, part: 'ingest' },
  { method: 'POST', path: '/api/:projectId/store', auth: 'none', scope: 'none', handler: handleStore, part: 'ingest' },
  { method: 'OPTIONS', path: '/api/:projectId/store', auth: 'none', scope: 'none', handler: preflight, part: 'ingest' },

  // Operations
  { method: 'GET', path: '/healthz', auth: 'none', scope: 'none', handler: healthz, part: 'ops' },
  { method: 'GET', path: '/readyz', auth: 'none', scope: 'none', handler: readyz, part: 'ops' },
  { method: 'GET', path: '/metrics', auth: 'none', scope: 'none', handler: metrics, part: 'ops' },

  // REST API (Sentry-compatible subset)
  { method: 'GET', path: '/api/0', auth: 'none', scope: 'none', handler: org.apiIndex },
  { method: 'GET', path: '/api/0/organizations', auth: 'user', scope: 'org:read', handler: org.listOrganizations },
  { method: 'GET', path: '/api/0/organizations/:org', auth: 'user', scope: 'org:read', handler: org.getOrganization },
  { method: 'GET', path: '/api/0/organizations/:org/teams', auth: 'user', scope: 'team:read', handler: org.listOrgTeams },
  { method: 'GET', path: '/api/0/organizations/:org/projects', auth: 'user', scope: 'project:read', handler: org.listOrgProjects },
  { method: 'GET', path: '/api/0/organizations/:org/issues', auth: 'user', scope: 'event:read', handler: issues.listOrgIssues },
  { method: 'PUT', path: '/api/0/organizations/:org/issues', auth: 'user', scope: 'event:write', handler: issues.bulkUpdateIssues },
  { method: 'DELETE', path: '/api/0/organizations/:org/issues', auth: 'user', scope: 'event:admin', handler: issues.bulkDeleteIssues },
  { method: 'POST', path: '/api/0/teams/:org/:team/projects', auth: 'user', scope: 'project:write', handler: org.createTeamProject },
  { method: 'GET', path: '/api/0/projects/:org/:project', auth: 'user', scope: 'project:read', handler: org.getProjectDetails },
  { method: 'PUT', path: '/api/0/projects/:org/:project', auth: 'user', scope: 'project:write', handler: org.updateProjectDetails },
  { method: 'GET', path: '/api/0/projects/:org/:project/filters', auth: 'user', scope: 'project:read', handler: filters.listProjectFilters },
  { method: 'PUT', path: '/api/0/projects/:org/:project/filters/:filterId', auth: 'user', scope: 'project:write', handler: filters.updateProjectFilter },
  { method: 'GET', path: '/api/0/projects/:org/:project/keys', auth: 'user', scope: 'project:read', handler: org.listProjectKeys },
  { method: 'POST', path: '/api/0/projects/:org/:project/keys', auth: 'user', scope: 'project:write', handler: org.createProjectKey },
  { method: 'PUT', path: '/api/0/projects/:org/:project/keys/:keyId', auth: 'user', scope: 'project:write', handler: org.updateProjectKey },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/keys/:keyId', auth: 'user', scope: 'project:admin', handler: org.deleteProjectKey },
  { method: 'GET', path: '/api/0/projects/:org/:project/issues', auth: 'user', scope: 'event:read', handler: issues.listProjectIssues },
  { method: 'PUT', path: '/api/0/projects/:org/:project/issues', auth: 'user', scope: 'event:write', handler: issues.bulkUpdateIssues },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/issues', auth: 'user', scope: 'event:admin', handler: issues.bulkDeleteIssues },
  { method: 'GET', path: '/api/0/projects/:org/:project/events', auth: 'user', scope: 'event:read', handler: events.listProjectEventsRoute },
  { method: 'GET', path: '/api/0/projects/:org/:project/events/:eventId', auth: 'user', scope: 'event:read', handler: events.getProjectEvent },
  { method: 'GET', path: '/api/0/organizations/:org/trace/:traceId', auth: 'user', scope: 'event:read', handler: traces.getTrace },
  { method: 'GET', path: '/api/0/organizations/:org/replays', auth: 'user', scope: 'event:read', handler: replays.listOrgReplays },
  { method: 'GET', path: '/api/0/organizations/:org/replays/:replayId', auth: 'user', scope: 'event:read', handler: replays.getOrgReplay },
  { method: 'GET', path: '/api/0/organizations/:org/replay-count', auth: 'user', scope: 'event:read', handler: replays.replayCount },
  { method: 'GET', path: '/api/0/projects/:org/:project/replays/:replayId/recording-segments', auth: 'user', scope: 'event:read', handler: replays.listRecordingSegments },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/replays/:replayId', auth: 'user', scope: REPLAY_DELETE, handler: replays.removeReplay },
  { method: 'GET', path: '/api/0/issues/:issueId', auth: 'user', scope: 'event:read', handler: issues.getIssueDetails },
  { method: 'PUT', path: '/api/0/issues/:issueId', auth: 'user', scope: 'event:write', handler: issues.updateIssue },
  { method: 'DELETE', path: '/api/0/issues/:issueId', auth: 'user', scope: 'event:admin', handler: issues.removeIssue },
  { method: 'GET', path: '/api/0/issues/:issueId/events', auth: 'user', scope: 'event:read', handler: events.listEventsOfIssue },
  { method: 'GET', path: '/api/0/issues/:issueId/events/:eventId', auth: 'user', scope: 'event:read', handler: events.getIssueEvent },
  { method: 'GET', path: '/api/0/issues/:issueId/tags', auth: 'user', scope: 'event:read', handler: issues.listIssueTags },
  { method: 'GET', path: '/api/0/issues/:issueId/tags/:key', auth: 'user', scope: 'event:read', handler: issues.getIssueTag },

  // Web UI session, members, tokens and the UI's aggregate reads
  { method: 'GET', path: '/api/0/auth', auth: 'none', scope: 'none', handler: auth.getAuth },
  { method: 'DELETE', path: '/api/0/auth', auth: 'session', scope: 'none', handler: auth.logout },
  { method: 'POST', path: '/api/0/auth/login', auth: 'none', scope: 'none', handler: auth.login },
  { method: 'POST', path: '/api/0/auth/setup', auth: 'none', scope: 'none', handler: auth.setupFirstAdmin },
  { method: 'POST', path: '/api/0/organizations/:org/teams', auth: 'admin', scope: ['team:write', 'org:write'], handler: members.createOrgTeam },
  { method: 'GET', path: '/api/0/organizations/:org/members', auth: 'user', scope: 'member:read', handler: members.listMembers },
  { method: 'POST', path: '/api/0/organizations/:org/members', auth: 'admin', scope: 'member:write', handler: members.createMember },
  { method: 'PUT', path: '/api/0/organizations/:org/members/:memberId', auth: 'admin', scope: 'member:write', handler: members.updateMember },
  { method: 'DELETE', path: '/api/0/organizations/:org/members/:memberId', auth: 'admin', scope: 'member:admin', handler: members.removeMember },
  { method: 'GET', path: '/api/0/organizations/:org/project-stats', auth: 'user', scope: 'project:read', handler: projectStats.listProjectStats },
  { method: 'GET', path: '/api/0/organizations/:org/tags', auth: 'user', scope: 'event:read', handler: orgTags.listOrgTagKeys },
  { method: 'GET', path: '/api/0/organizations/:org/tags/:key/values', auth: 'user', scope: 'event:read', handler: orgTags.listOrgTagValues },
  { method: 'GET', path: '/api/0/api-tokens', auth: 'session', scope: 'none', handler: tokens.listApiTokens },
  { method: 'POST', path: '/api/0/api-tokens', auth: 'session', scope: 'none', handler: tokens.createApiToken },
  { method: 'DELETE', path: '/api/0/api-tokens', auth: 'session', scope: 'none', handler: tokens.revokeApiToken },
  { method: 'DELETE', path: '/api/0/api-tokens/:tokenId', auth: 'session', scope: 'none', handler: tokens.revokeApiToken },

  // Source maps: sentry-cli / bundler-plugin uploads, releases, reprocessing (docs/protocol.md §5)
  { method: 'GET', path: '/api/0/organizations/:org/chunk-upload', auth: 'user', scope: RELEASE_READ, handler: chunks.getChunkUploadOptions },
  { method: 'POST', path: '/api/0/organizations/:org/chunk-upload', auth: 'user', scope: RELEASE_WRITE, handler: chunks.uploadChunks },
  { method: 'POST', path: '/api/0/organizations/:org/artifactbundle/assemble', auth: 'user', scope: RELEASE_WRITE, handler: assemble.assembleArtifactBundle },
  { method: 'GET', path: '/api/0/organizations/:org/repos', auth: 'user', scope: ['org:read', 'project:releases'], handler: releases.listRepos },
  { method: 'GET', path: '/api/0/organizations/:org/releases', auth: 'user', scope: RELEASE_READ, handler: releases.listOrgReleases },
  { method: 'POST', path: '/api/0/organizations/:org/releases', auth: 'user', scope: RELEASE_WRITE, handler: releases.createOrgRelease },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version', auth: 'user', scope: RELEASE_READ, handler: releases.getOrgRelease },
  { method: 'PUT', path: '/api/0/organizations/:org/releases/:version', auth: 'user', scope: RELEASE_WRITE, handler: releases.updateOrgRelease },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/deploys', auth: 'user', scope: RELEASE_READ, handler: releases.listReleaseDeploys },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/commits', auth: 'user', scope: RELEASE_READ, handler: releases.listReleaseCommitsApi },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/previous-with-commits', auth: 'user', scope: RELEASE_READ, handler: releases.getPreviousReleaseWithCommits },
  { method: 'POST', path: '/api/0/organizations/:org/releases/:version/deploys', auth: 'user', scope: RELEASE_WRITE, handler: releases.createReleaseDeploy },
  { method: 'POST', path: '/api/0/organizations/:org/releases/:version/assemble', auth: 'user', scope: RELEASE_WRITE, handler: assemble.assembleReleaseFiles },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/artifact-bundles', auth: 'user', scope: RELEASE_READ, handler: bundles.listReleaseArtifactBundles },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/files', auth: 'user', scope: RELEASE_READ, handler: releaseFiles.listFiles },
  { method: 'POST', path: '/api/0/organizations/:org/releases/:version/files', auth: 'user', scope: RELEASE_WRITE, handler: releaseFiles.uploadFile },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/files/:fileId', auth: 'user', scope: RELEASE_READ, handler: releaseFiles.getFile },
  { method: 'DELETE', path: '/api/0/organizations/:org/releases/:version/files/:fileId', auth: 'user', scope: RELEASE_WRITE, handler: releaseFiles.deleteFile },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases', auth: 'user', scope: RELEASE_READ, handler: releases.listProjectReleases },
  { method: 'POST', path: '/api/0/projects/:org/:project/releases', auth: 'user', scope: RELEASE_WRITE, handler: releases.createProjectRelease },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases/:version', auth: 'user', scope: RELEASE_READ, handler: releases.getOrgRelease },
  { method: 'PUT', path: '/api/0/projects/:org/:project/releases/:version', auth: 'user', scope: RELEASE_WRITE, handler: releases.updateOrgRelease },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases/:version/files', auth: 'user', scope: RELEASE_READ, handler: releaseFiles.listFiles },
  { method: 'POST', path: '/api/0/projects/:org/:project/releases/:version/files', auth: 'user', scope: RELEASE_WRITE, handler: releaseFiles.uploadFile },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases/:version/files/:fileId', auth: 'user', scope: RELEASE_READ, handler: releaseFiles.getFile },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/releases/:version/files/:fileId', auth: 'user', scope: RELEASE_WRITE, handler: releaseFiles.deleteFile },
  { method: 'GET', path: '/api/0/projects/:org/:project/files/artifact-bundles', auth: 'user', scope: RELEASE_READ, handler: bundles.listProjectArtifactBundles },
  { method: 'GET', path: '/api/0/projects/:org/:project/artifact-bundles/:bundleId/files', auth: 'user', scope: RELEASE_READ, handler: bundles.getArtifactBundleFiles },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/files/artifact-bundles/:bundleId', auth: 'user', scope: RELEASE_WRITE, handler: bundles.removeArtifactBundle },
  { method: 'GET', path: '/api/0/projects/:org/:project/events/:eventId/source-map-debug', auth: 'user', scope: 'event:read', handler: reprocess.sourceMapDebug },
  { method: 'POST', path: '/api/0/projects/:org/:project/events/:eventId/reprocess', auth: 'user', scope: 'event:write', handler: reprocess.reprocessEvent },
  { method: 'POST', path: '/api/0/issues/:issueId/reprocess', auth: 'user', scope: 'event:write', handler: reprocess.reprocessIssue },

  // Issue alerts: rules, what they sent (every attempt), the flood counters
  { method: 'GET', path: '/api/0/projects/:org/:project/rules', auth: 'user', scope: ALERTS_READ, handler: alertRules.listRules },
  { method: 'POST', path: '/api/0/projects/:org/:project/rules', auth: 'user', scope: ALERTS_WRITE, handler: alertRules.createRule },
  { method: 'GET', path: '/api/0/projects/:org/:project/rules/:ruleId', auth: 'user', scope: ALERTS_READ, handler: alertRules.getRule },
  { method: 'PUT', path: '/api/0/projects/:org/:project/rules/:ruleId', auth: 'user', scope: ALERTS_WRITE, handler: alertRules.updateRule },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/rules/:ruleId', auth: 'user', scope: ALERTS_WRITE, handler: alertRules.deleteRule },
  { method: 'GET', path: '/api/0/projects/:org/:project/alert-deliveries', auth: 'user', scope: ALERTS_READ, handler: alertDeliveries.listAlertDeliveries },
  { method: 'GET', path: '/api/0/projects/:org/:project/alert-stats', auth: 'user', scope: ALERTS_READ, handler: alertDeliveries.getAlertStats },

  // Usage stats (what was accepted and dropped, and why), release health, storage used
  { method: 'GET', path: '/api/0/organizations/:org/stats_v2', auth: 'user', scope: 'org:read', handler: statsV2.getStatsV2 },
  { method: 'GET', path: '/api/0/organizations/:org/sessions', auth: 'user', scope: 'org:read', handler: sessions.getSessions },
  { method: 'GET', path: '/api/0/organizations/:org/storage-usage', auth: 'user', scope: 'org:read', handler: storage.getStorageUsage },

  // Performance: Discover's table and time series over the per-minute transaction aggregates (Sentry's scope: org:read)
  { method: 'GET', path: '/api/0/organizations/:org/events', auth: 'user', scope: 'org:read', handler: discoverEvents.listTransactionEvents },
  { method: 'GET', path: '/api/0/organizations/:org/events-stats', auth: 'user', scope: 'org:read', handler: eventsStats.getTransactionEventsStats },
  { method: 'GET', path: '/api/0/organizations/:org/span-ops-breakdown', auth: 'user', scope: 'org:read', handler: spanOps.getSpanOpsBreakdown },

  // The web UI: static files with SPA fallback. Last, so every route above wins.
  { method: 'GET', path: '/*', auth: 'none', scope: 'none', handler: serveWeb },
];

/** The routes a node of `role` serves: everything on `all`; health and metrics on every node. */
export function routesForRole(role: Role): Route[] {
  if (role === 'all') return ROUTES;
  return ROUTES.filter((r) => r.part === 'ops' || (r.part ?? 'web') === role);
}
