/**
 * @module @faultline/pipeline: the pure event-processing stages digest runs, in order: `normalizeEvent` (any
 * JSON → a valid event, faults recorded), then symbolication, then `computeGrouping` (hashes, title, culprit).
 * `parseSearchQuery` serves the issue list. No HTTP, no SQL, no I/O.
 */

export { normalizeEvent } from './normalize/normalize-event.ts';
export type { NormalizeContext } from './normalize/normalize-event.ts';
export { parseUserAgent } from './normalize/user-agent.ts';
export type { ParsedUserAgent } from './normalize/user-agent.ts';
export { fillFramePaths } from './normalize/normalize-frame.ts';
export { resolveInApp } from './group/enhancement-rules.ts';

export { computeGrouping, storeGroupingOnEvent } from './group/compute-grouping.ts';
export type { GroupingOptions } from './group/compute-grouping.ts';
export { GROUPING_CONFIGS, DEFAULT_GROUPING_CONFIG_ID } from './group/grouping-configs.ts';
export type { GroupingConfig } from './group/grouping-configs.ts';
export type { FingerprintRule } from './group/fingerprint-rules.ts';
export { FingerprintRulesSyntaxError, MAX_FINGERPRINT_RULES, parseFingerprintingRules } from './group/fingerprint-rules-text.ts';
export { normalizeMessage } from './group/normalize-message.ts';

export { MAX_SEARCH_TERMS, parseSearchQuery } from './search/parse-search-query.ts';
export type { SearchFilter, SearchOperator, SearchQuery } from './search/parse-search-query.ts';
export { SearchQueryError } from './search/search-query-error.ts';

export { scrubEvent, scrubJson, scrubSymbolicatedFrames } from './scrub/scrub-event.ts';
export { DEFAULT_SCRUB_OPTIONS, parseScrubOptions, scrubOptionsFromJson } from './scrub/scrub-options.ts';
export type { ScrubOptions } from './scrub/scrub-options.ts';
export { scrubString } from './scrub/scrub-string.ts';
export { scrubReplayRecording } from './scrub/scrub-replay-recording.ts';
export type { DecodedRecording, ScrubbedRecording } from './scrub/scrub-replay-recording.ts';
export { isSensitiveKey } from './scrub/sensitive-keys.ts';

export { defaultAlertRule, DEFAULT_FREQUENCY_MINUTES } from './alert-rules/alert-rule.ts';
export type { AlertAction, AlertActionId, AlertCondition, AlertFilter, AlertRuleSpec, AlertTrigger, TagMatch } from './alert-rules/alert-rule.ts';
export { parseAlertRule, AlertRuleError } from './alert-rules/parse-alert-rule.ts';
export { describeTrigger, firingCondition, matchFilter, passesFilters, quietMinutes } from './alert-rules/evaluate-alert-rule.ts';
export type { AlertFacts, CountEvents } from './alert-rules/evaluate-alert-rule.ts';

export { transitionSession, isTerminal, USER_HEALTHY, USER_ERRORED, USER_ABNORMAL, USER_CRASHED } from './sessions/session-transition.ts';
export type { SessionDelta, SessionState, SessionStatus, SessionTransition, SessionUpdate } from './sessions/session-transition.ts';
export { parseSessionAggregates, parseSessionUpdate, sessionAttrs } from './sessions/parse-session.ts';
export type { SessionAggregate } from './sessions/parse-session.ts';
export { isSearchFacetKey, SEARCH_FACET_KEYS, searchFacets } from './search/search-facets.ts';
export { mergeReplay, normalizeReplayId, summarizeReplayEvent } from './replays/replay-summary.ts';
export type { ReplaySummary } from './replays/replay-summary.ts';
export { countFrustrationClicks, countFrustrationClicksIn, frustrationOf } from './replays/frustration-clicks.ts';
export type { FrustrationClicks } from './replays/frustration-clicks.ts';
export { DURATION_SKETCH_RELATIVE_ACCURACY, DurationSketch, DurationSketchError } from './tracing/duration-sketch.ts';
export { MAX_ATTRIBUTE_CHARS, MAX_SPAN_ATTRIBUTES, MAX_SPANS_PER_TRANSACTION, segmentAsTransaction } from './tracing/span-model.ts';
export type { Measurement, NormalizedSpan, NormalizedTransaction } from './tracing/span-model.ts';
export { normalizeTransaction } from './tracing/normalize-transaction.ts';
export type { TransactionResult } from './tracing/normalize-transaction.ts';
export { normalizeSpanContainer, normalizeSpanV1, spanDefaultsOf, SPAN_V2_CONTENT_TYPE } from './tracing/normalize-span-items.ts';
export type { SpanBatch, SpanDefaults } from './tracing/normalize-span-items.ts';
export { isFailedStatus, transactionSampleOf } from './tracing/transaction-sample.ts';
export { exclusiveOf } from './tracing/span-fields.ts';
export type { TransactionSampleFields } from './tracing/transaction-sample.ts';

export { globMatch } from './filters/glob-match.ts';
export {
  DEFAULT_FILTER_OPTIONS,
  filterOptionsFromJson,
  INBOUND_FILTER_IDS,
  isInboundFilterId,
  parseAllowedDomains,
  parsePatternLines,
} from './filters/filter-options.ts';
export type { FilterOptions, FilterReason, InboundFilterId } from './filters/filter-options.ts';
export { errorMessagesOf, hasInboundFilters, isFromBrowserExtension, isFromLocalhost, isLocalhostUrl, isLegacyBrowser, isWebCrawler, matchInboundFilter } from './filters/match-inbound-filter.ts';
export { matchSpanFilter } from './filters/match-span-filter.ts';
export { isAllowedOrigin } from './filters/allowed-origin.ts';
