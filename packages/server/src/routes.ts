/**
 * @module Every HTTP route Faultline serves, in one table. Order matters only where patterns overlap
 * (more specific first). Ingest routes authenticate by DSN key inside their handler.
 */
import type { Route } from './http/router.ts';
import { answerPreflight } from './ingest/cors.ts';
import { handleEnvelope, handleStore } from './ingest/ingest-handler.ts';
import { healthz, metrics, readyz } from './ops/ops-api.ts';
import * as org from './api/org-api.ts';
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

const preflight: Route['handler'] = (ctx) => answerPreflight(ctx.req, ctx.res);

export const ROUTES: Route[] = [
  // Ingest (protocol note §1.3)
  { method: 'POST', path: '/api/:projectId/envelope', auth: 'none', handler: handleEnvelope },
  { method: 'OPTIONS', path: '/api/:projectId/envelope', auth: 'none', handler: preflight },
  { method: 'POST', path: '/api/:projectId/store', auth: 'none', handler: handleStore },
  { method: 'OPTIONS', path: '/api/:projectId/store', auth: 'none', handler: preflight },

  // Operations
  { method: 'GET', path: '/healthz', auth: 'none', handler: healthz },
  { method: 'GET', path: '/readyz', auth: 'none', handler: readyz },
  { method: 'GET', path: '/metrics', auth: 'none', handler: metrics },

  // REST API (Sentry-compatible subset)
  { method: 'GET', path: '/api/0', auth: 'none', handler: org.apiIndex },
  { method: 'GET', path: '/api/0/organizations', auth: 'user', handler: org.listOrganizations },
  { method: 'GET', path: '/api/0/organizations/:org', auth: 'user', handler: org.getOrganization },
  { method: 'GET', path: '/api/0/organizations/:org/teams', auth: 'user', handler: org.listOrgTeams },
  { method: 'GET', path: '/api/0/organizations/:org/projects', auth: 'user', handler: org.listOrgProjects },
  { method: 'GET', path: '/api/0/organizations/:org/issues', auth: 'user', handler: issues.listOrgIssues },
  { method: 'PUT', path: '/api/0/organizations/:org/issues', auth: 'user', handler: issues.bulkUpdateIssues },
  { method: 'DELETE', path: '/api/0/organizations/:org/issues', auth: 'user', handler: issues.bulkDeleteIssues },
  { method: 'POST', path: '/api/0/teams/:org/:team/projects', auth: 'user', handler: org.createTeamProject },
  { method: 'GET', path: '/api/0/projects/:org/:project', auth: 'user', handler: org.getProjectDetails },
  { method: 'GET', path: '/api/0/projects/:org/:project/keys', auth: 'user', handler: org.listProjectKeys },
  { method: 'POST', path: '/api/0/projects/:org/:project/keys', auth: 'user', handler: org.createProjectKey },
  { method: 'PUT', path: '/api/0/projects/:org/:project/keys/:keyId', auth: 'user', handler: org.updateProjectKey },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/keys/:keyId', auth: 'user', handler: org.deleteProjectKey },
  { method: 'GET', path: '/api/0/projects/:org/:project/issues', auth: 'user', handler: issues.listProjectIssues },
  { method: 'PUT', path: '/api/0/projects/:org/:project/issues', auth: 'user', handler: issues.bulkUpdateIssues },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/issues', auth: 'user', handler: issues.bulkDeleteIssues },
  { method: 'GET', path: '/api/0/projects/:org/:project/events/:eventId', auth: 'user', handler: events.getProjectEvent },
  { method: 'GET', path: '/api/0/issues/:issueId', auth: 'user', handler: issues.getIssueDetails },
  { method: 'PUT', path: '/api/0/issues/:issueId', auth: 'user', handler: issues.updateIssue },
  { method: 'DELETE', path: '/api/0/issues/:issueId', auth: 'user', handler: issues.removeIssue },
  { method: 'GET', path: '/api/0/issues/:issueId/events', auth: 'user', handler: events.listEventsOfIssue },
  { method: 'GET', path: '/api/0/issues/:issueId/events/:eventId', auth: 'user', handler: events.getIssueEvent },
  { method: 'GET', path: '/api/0/issues/:issueId/tags', auth: 'user', handler: issues.listIssueTags },
  { method: 'GET', path: '/api/0/issues/:issueId/tags/:key', auth: 'user', handler: issues.getIssueTag },

  // Web UI session, members, tokens and the UI's aggregate reads
  { method: 'GET', path: '/api/0/auth', auth: 'none', handler: auth.getAuth },
  { method: 'DELETE', path: '/api/0/auth', auth: 'user', handler: auth.logout },
  { method: 'POST', path: '/api/0/auth/login', auth: 'none', handler: auth.login },
  { method: 'POST', path: '/api/0/auth/setup', auth: 'none', handler: auth.setupFirstAdmin },
  { method: 'POST', path: '/api/0/organizations/:org/teams', auth: 'admin', handler: members.createOrgTeam },
  { method: 'GET', path: '/api/0/organizations/:org/members', auth: 'user', handler: members.listMembers },
  { method: 'POST', path: '/api/0/organizations/:org/members', auth: 'admin', handler: members.createMember },
  { method: 'PUT', path: '/api/0/organizations/:org/members/:memberId', auth: 'admin', handler: members.updateMember },
  { method: 'DELETE', path: '/api/0/organizations/:org/members/:memberId', auth: 'admin', handler: members.removeMember },
  { method: 'GET', path: '/api/0/organizations/:org/project-stats', auth: 'user', handler: projectStats.listProjectStats },
  { method: 'GET', path: '/api/0/organizations/:org/tags', auth: 'user', handler: orgTags.listOrgTagKeys },
  { method: 'GET', path: '/api/0/organizations/:org/tags/:key/values', auth: 'user', handler: orgTags.listOrgTagValues },
  { method: 'GET', path: '/api/0/api-tokens', auth: 'user', handler: tokens.listApiTokens },
  { method: 'POST', path: '/api/0/api-tokens', auth: 'user', handler: tokens.createApiToken },
  { method: 'DELETE', path: '/api/0/api-tokens', auth: 'user', handler: tokens.revokeApiToken },
  { method: 'DELETE', path: '/api/0/api-tokens/:tokenId', auth: 'user', handler: tokens.revokeApiToken },

  // Source maps: sentry-cli / bundler-plugin uploads, releases, reprocessing (protocol note §5)
  { method: 'GET', path: '/api/0/organizations/:org/chunk-upload', auth: 'user', handler: chunks.getChunkUploadOptions },
  { method: 'POST', path: '/api/0/organizations/:org/chunk-upload', auth: 'user', handler: chunks.uploadChunks },
  { method: 'POST', path: '/api/0/organizations/:org/artifactbundle/assemble', auth: 'user', handler: assemble.assembleArtifactBundle },
  { method: 'GET', path: '/api/0/organizations/:org/repos', auth: 'user', handler: releases.listRepos },
  { method: 'GET', path: '/api/0/organizations/:org/releases', auth: 'user', handler: releases.listOrgReleases },
  { method: 'POST', path: '/api/0/organizations/:org/releases', auth: 'user', handler: releases.createOrgRelease },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version', auth: 'user', handler: releases.getOrgRelease },
  { method: 'PUT', path: '/api/0/organizations/:org/releases/:version', auth: 'user', handler: releases.updateOrgRelease },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/deploys', auth: 'user', handler: releases.listReleaseDeploys },
  { method: 'POST', path: '/api/0/organizations/:org/releases/:version/deploys', auth: 'user', handler: releases.createReleaseDeploy },
  { method: 'POST', path: '/api/0/organizations/:org/releases/:version/assemble', auth: 'user', handler: assemble.assembleReleaseFiles },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/artifact-bundles', auth: 'user', handler: bundles.listReleaseArtifactBundles },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/files', auth: 'user', handler: releaseFiles.listFiles },
  { method: 'POST', path: '/api/0/organizations/:org/releases/:version/files', auth: 'user', handler: releaseFiles.uploadFile },
  { method: 'GET', path: '/api/0/organizations/:org/releases/:version/files/:fileId', auth: 'user', handler: releaseFiles.getFile },
  { method: 'DELETE', path: '/api/0/organizations/:org/releases/:version/files/:fileId', auth: 'user', handler: releaseFiles.deleteFile },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases', auth: 'user', handler: releases.listProjectReleases },
  { method: 'POST', path: '/api/0/projects/:org/:project/releases', auth: 'user', handler: releases.createProjectRelease },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases/:version', auth: 'user', handler: releases.getOrgRelease },
  { method: 'PUT', path: '/api/0/projects/:org/:project/releases/:version', auth: 'user', handler: releases.updateOrgRelease },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases/:version/files', auth: 'user', handler: releaseFiles.listFiles },
  { method: 'POST', path: '/api/0/projects/:org/:project/releases/:version/files', auth: 'user', handler: releaseFiles.uploadFile },
  { method: 'GET', path: '/api/0/projects/:org/:project/releases/:version/files/:fileId', auth: 'user', handler: releaseFiles.getFile },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/releases/:version/files/:fileId', auth: 'user', handler: releaseFiles.deleteFile },
  { method: 'GET', path: '/api/0/projects/:org/:project/files/artifact-bundles', auth: 'user', handler: bundles.listProjectArtifactBundles },
  { method: 'GET', path: '/api/0/projects/:org/:project/artifact-bundles/:bundleId/files', auth: 'user', handler: bundles.getArtifactBundleFiles },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/files/artifact-bundles/:bundleId', auth: 'user', handler: bundles.removeArtifactBundle },
  { method: 'GET', path: '/api/0/projects/:org/:project/events/:eventId/source-map-debug', auth: 'user', handler: reprocess.sourceMapDebug },
  { method: 'POST', path: '/api/0/projects/:org/:project/events/:eventId/reprocess', auth: 'user', handler: reprocess.reprocessEvent },
  { method: 'POST', path: '/api/0/issues/:issueId/reprocess', auth: 'user', handler: reprocess.reprocessIssue },

  // Issue alerts: rules, what they sent (every attempt), the flood counters
  { method: 'GET', path: '/api/0/projects/:org/:project/rules', auth: 'user', handler: alertRules.listRules },
  { method: 'POST', path: '/api/0/projects/:org/:project/rules', auth: 'user', handler: alertRules.createRule },
  { method: 'GET', path: '/api/0/projects/:org/:project/rules/:ruleId', auth: 'user', handler: alertRules.getRule },
  { method: 'PUT', path: '/api/0/projects/:org/:project/rules/:ruleId', auth: 'user', handler: alertRules.updateRule },
  { method: 'DELETE', path: '/api/0/projects/:org/:project/rules/:ruleId', auth: 'user', handler: alertRules.deleteRule },
  { method: 'GET', path: '/api/0/projects/:org/:project/alert-deliveries', auth: 'user', handler: alertDeliveries.listAlertDeliveries },
  { method: 'GET', path: '/api/0/projects/:org/:project/alert-stats', auth: 'user', handler: alertDeliveries.getAlertStats },

  // Usage stats (what was accepted and dropped, and why), release health, storage used
  { method: 'GET', path: '/api/0/organizations/:org/stats_v2', auth: 'user', handler: statsV2.getStatsV2 },
  { method: 'GET', path: '/api/0/organizations/:org/sessions', auth: 'user', handler: sessions.getSessions },
  { method: 'GET', path: '/api/0/organizations/:org/storage-usage', auth: 'user', handler: storage.getStorageUsage },

  // The web UI: static files with SPA fallback. Last, so every route above wins.
  { method: 'GET', path: '/*', auth: 'none', handler: serveWeb },
];
