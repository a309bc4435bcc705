/** @module The smallest normalized error event the store accepts, for store tests. */
import type { NormalizedEvent } from '@faultline/protocol';

export function testEvent(id: string, over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  const now = Date.now() / 1000;
  return { event_id: id.padEnd(32, '0'), timestamp: now, received: now, level: 'error', platform: 'node', type: 'error', tags: [['environment', 'production']], contexts: {}, errors: [], ...over };
}
