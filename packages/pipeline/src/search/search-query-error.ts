/**
 * @module `SearchQueryError`: the one error `parseSearchQuery` throws, so the API can answer 400 with its
 * message and treat anything else as a bug.
 */

export class SearchQueryError extends Error {
  /** 0-based offset in the query where the problem is. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position + 1}`);
    this.name = 'SearchQueryError';
    this.position = position;
  }
}
