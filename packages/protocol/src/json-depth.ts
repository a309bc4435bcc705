/**
 * @module `jsonNestingDepth`: how deeply a JSON text nests, found without parsing it. `JSON.parse` recurses, so
 * a body of 10,000 `[` can blow the stack or burn CPU in whatever walks the result; ingest and digest ask this
 * first and refuse the item. Works on bytes: every structural character is ASCII, and no byte of a multi-byte
 * UTF-8 sequence is below 0x80, so none can be mistaken for one.
 */

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]

/**
 * The maximum `{`/`[` nesting depth of `bytes`, ignoring brackets inside strings. Returns `limit + 1` as soon as
 * the depth passes `limit`, so a hostile body costs only as many bytes as it takes to prove it. Malformed JSON
 * gets a best-effort answer (an unterminated string ends the scan; stray closers never go below zero).
 */
export function jsonNestingDepth(bytes: Uint8Array, limit: number): number {
  const end = bytes.length;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === QUOTE) {
      i = stringEnd(bytes, i);
      if (i === -1) return max;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return limit + 1;
      }
    } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && depth > 0) {
      depth--;
    }
  }
  return max;
}

/** Strings up to this many bytes are walked byte by byte (most keys and values of an event are this short and a
 * call into `indexOf` costs more than the walk); past it `indexOf` jumps between quotes. */
const SHORT = 32;

/**
 * Index of the quote closing the string opened at `open`, or -1. Walks the first SHORT bytes, stepping over each
 * escaped byte, then jumps between quotes with `indexOf` (long strings are most of a typical event's bytes) and
 * treats a quote as escaped when an odd run of backslashes precedes it.
 */
function stringEnd(bytes: Uint8Array, open: number): number {
  const stop = Math.min(bytes.length, open + 1 + SHORT);
  let from = open + 1;
  while (from < stop) {
    const b = bytes[from];
    if (b === QUOTE) return from;
    from += b === BACKSLASH ? 2 : 1;
  }
  for (;;) {
    const q = bytes.indexOf(QUOTE, from);
    if (q === -1) return -1;
    let backslashes = 0;
    for (let j = q - 1; j > open && bytes[j] === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return q;
    from = q + 1;
  }
}
