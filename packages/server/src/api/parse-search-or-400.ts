/** @module `parseSearchOr400`: a `query` parameter parsed with Sentry's search syntax; a syntax fault is a 400 with its detail. */
import { parseSearchQuery, SearchQueryError, type SearchQuery } from '@faultline/pipeline';
import { HttpError } from '../http/respond.ts';

export function parseSearchOr400(text: string): SearchQuery {
  try {
    return parseSearchQuery(text);
  } catch (err) {
    if (err instanceof SearchQueryError) throw new HttpError(400, `invalid search query: ${err.message}`);
    throw err;
  }
}
