/** @module Issue alerts in the store: rules, the per-issue and per-project brakes, the delivery outbox. */
export * from './alert-rules.ts';
export * from './alert-throttle.ts';
export * from './alert-deliveries.ts';
export * from './recent-event-count.ts';
