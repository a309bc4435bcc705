/**
 * @module The one error `parseEnvelope` throws. Ingest answers it with 400 and puts `message` in the
 * `{"detail": …}` body, so the message is written for a human reading an SDK debug log; `code` is for
 * counting outcomes and for tests, and stays stable.
 */

export type EnvelopeErrorCode =
  | 'empty_body'
  | 'invalid_utf8'
  | 'invalid_header_json'
  | 'header_not_object'
  | 'invalid_item_header_json'
  | 'item_header_not_object'
  | 'missing_item_type'
  | 'invalid_item_length'
  | 'length_past_end'
  | 'missing_newline_after_payload'
  | 'header_too_deep'
  | 'too_many_items';

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    readonly code: EnvelopeErrorCode,
    reason: string,
    /** Byte offset in the body where the problem was found. */
    readonly offset: number,
  ) {
    super(reason);
  }
}
