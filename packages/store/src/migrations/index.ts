/** @module The ordered list of schema migrations. Append only: a shipped migration never changes. */
import type { Migration } from './migration.ts';
import { initial } from './0001-initial.ts';
import { artifacts } from './0002-artifacts.ts';
import { alerts } from './0003-alerts.ts';
import { releaseOwners } from './0004-release-owners.ts';
import { projectScrubOptions } from './0005-project-scrub-options.ts';
import { usageAndHealth } from './0006-usage-and-health.ts';
import { replays } from './0007-replays.ts';
import { spans } from './0008-spans.ts';
import { transactionAggregates } from './0009-transaction-aggregates.ts';
import { projectRetention } from './0010-project-retention.ts';
import { projectFilters } from './0011-project-filters.ts';
import { releaseCommits } from './0012-release-commits.ts';
import { rateWindows } from './0013-rate-windows.ts';
import { replaySegmentBlobs } from './0014-replay-segment-blobs.ts';
import { transactionRollup } from './0015-transaction-rollup.ts';
import { diskBudgetAndArtifactUse } from './0016-disk-budget-and-artifact-use.ts';
import { replayLegacySegments } from './0017-replay-legacy-segments.ts';
import { projectFingerprintingRules } from './0018-project-fingerprinting-rules.ts';
import { issueSortIndexes } from './0019-issue-sort-indexes.ts';

export const MIGRATIONS: Migration[] = [
  initial,
  artifacts,
  alerts,
  releaseOwners,
  projectScrubOptions,
  usageAndHealth,
  replays,
  spans,
  transactionAggregates,
  projectRetention,
  projectFilters,
  releaseCommits,
  rateWindows,
  replaySegmentBlobs,
  transactionRollup,
  diskBudgetAndArtifactUse,
  replayLegacySegments,
  projectFingerprintingRules,
  issueSortIndexes,
];
export { migrate, renderSql, SchemaTooNewError } from './migration.ts';
export type { Migration } from './migration.ts';
