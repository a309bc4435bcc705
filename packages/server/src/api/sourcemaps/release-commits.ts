/**
 * @module What `sentry-cli releases set-commits` sends, checked: `commits` (`--auto`/`--local`: the local git
 * history, `{id, repository, message, author_name, author_email, timestamp}`, newest first) and `refs`
 * (`--commit repo@from..to`: `{repository, commit, previousCommit}`). Faultline has no repository integration to
 * expand a ref into its commits, so a ref without `commits` is kept as its head commit alone. Also the commit JSON
 * Sentry's UI reads.
 */
import type { CommitInput, ReleaseCommitRow } from '@faultline/store';
import { HttpError } from '../../http/respond.ts';
import { iso } from '../serialize.ts';

const MAX_COMMITS = 10_000;

function text(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new HttpError(400, `"${field}" must be a string`);
  return v.length > max ? v.slice(0, max) : v;
}

function commitId(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > 64) throw new HttpError(400, `"${field}" must be a commit id (1 to 64 characters)`);
  return v.trim();
}

function commitOf(c: unknown, i: number): CommitInput {
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw new HttpError(400, `"commits[${i}]" must be an object`);
  const o = c as Record<string, unknown>;
  let dateCommitted: number | null = null;
  if (o.timestamp !== undefined && o.timestamp !== null) {
    dateCommitted = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : NaN;
    if (!Number.isFinite(dateCommitted)) throw new HttpError(400, `"commits[${i}].timestamp" must be an ISO 8601 date`);
  }
  return {
    id: commitId(o.id, `commits[${i}].id`),
    repository: text(o.repository, `commits[${i}].repository`, 200),
    message: text(o.message, `commits[${i}].message`, 10_000),
    authorName: text(o.author_name, `commits[${i}].author_name`, 200),
    authorEmail: text(o.author_email, `commits[${i}].author_email`, 200),
    dateCommitted,
  };
}

/** The commits to store, or undefined when the body sets none (a finalize, a plain update). */
export function commitsFromBody(commits: unknown, refs: unknown): CommitInput[] | undefined {
  if (commits !== undefined) {
    if (!Array.isArray(commits)) throw new HttpError(400, '"commits" must be a list of commits');
    if (commits.length > MAX_COMMITS) throw new HttpError(400, `"commits" lists ${commits.length} commits, more than ${MAX_COMMITS}`);
    return commits.map(commitOf);
  }
  if (refs === undefined) return undefined;
  if (!Array.isArray(refs)) throw new HttpError(400, '"refs" must be a list of {repository, commit}');
  return refs.map((r: unknown, i) => {
    if (!r || typeof r !== 'object') throw new HttpError(400, `"refs[${i}]" must be an object`);
    const o = r as Record<string, unknown>;
    return { id: commitId(o.commit, `refs[${i}].commit`), repository: text(o.repository, `refs[${i}].repository`, 200), message: null, authorName: null, authorEmail: null, dateCommitted: null };
  });
}

/** Sentry's commit serializer for an author who is not a user: `author` is `{name, email}`. */
export function serializeCommit(c: ReleaseCommitRow) {
  return {
    id: c.commit_id,
    message: c.message,
    dateCreated: iso(c.date_committed),
    pullRequest: null,
    suspectCommitType: '',
    author: c.author_name || c.author_email ? { name: c.author_name, email: c.author_email } : null,
    repository: c.repository
      ? { id: c.repository, name: c.repository, url: null, provider: null, status: 'active', dateCreated: null, integrationId: null, externalSlug: null, externalId: null }
      : null,
  };
}
