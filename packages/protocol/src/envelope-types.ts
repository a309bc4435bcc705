/**
 * @module The in-memory shape of a Sentry envelope (docs/protocol.md §2.1): one JSON header, then items
 * that each carry a JSON header and raw payload bytes. Payloads stay bytes because lengths count bytes and
 * attachments and replay recordings are binary.
 */

/** An item header. `type` is required; every other key (`filename`, `item_count`, …) is kept as sent. */
export interface ItemHeaders {
  type: string;
  /** Payload size in bytes when the sender framed the item explicitly. */
  length?: number;
  [key: string]: unknown;
}

export interface EnvelopeItem {
  headers: ItemHeaders;
  /** Raw payload bytes, undecoded; JSON items are UTF-8 text. */
  payload: Uint8Array;
}

export interface Envelope {
  /** The envelope header (`event_id`, `sent_at`, `sdk`, `dsn`, `trace`, …); unknown keys are kept. */
  headers: Record<string, unknown>;
  items: EnvelopeItem[];
}
