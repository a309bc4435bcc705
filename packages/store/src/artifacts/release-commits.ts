/**
 * @module The commits of a release, as `sentry-cli releases set-commits` sends them (newest first). Setting them
 * replaces the release's previous set, as in Sentry.
 */
import type { Db } from '../db/db.ts';
import type { ReleaseRow } from './releases.ts';

export interface CommitInput {
  id: string;
  repository: string | null;
  message: string | null;
  authorName: string | null;
  authorEmail: string | null;
  /** Epoch ms, or null when the client sent no timestamp. */
  dateCommitted: number | null;
}

export interface ReleaseCommitRow {
  release_id: number;
  position: number;
  commit_id: string;
  repository: string | null;
  message: string | null;
  author_name: string | null;
  author_email: string | null;
  date_committed: number | null;
}

export async function setReleaseCommits(db: Db, releaseId: number, commits: CommitInput[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('DELETE FROM release_commits WHERE release_id = ?', [releaseId]);
    let position = 0;
    for (const c of commits) {
      await tx.run(
        'INSERT INTO release_commits (release_id, position, commit_id, repository, message, author_name, author_email, date_committed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [releaseId, position++, c.id, c.repository, c.message, c.authorName, c.authorEmail, c.dateCommitted],
      );
    }
  });
}

/** In the order sent: newest first. */
export async function listReleaseCommits(db: Db, releaseId: number, opts: { limit?: number; offset?: number } = {}): Promise<ReleaseCommitRow[]> {
  const rows = await db.all<ReleaseCommitRow>('SELECT * FROM release_commits WHERE release_id = ? ORDER BY position LIMIT ? OFFSET ?', [releaseId, opts.limit ?? 1000, opts.offset ?? 0]);
  return rows.map((r) => ({ ...r, date_committed: r.date_committed === null ? null : Number(r.date_committed) }));
}

export interface ReleaseCommitSummary {
  count: number;
  last: ReleaseCommitRow | null;
  /** Distinct authors, newest commit first. */
  authors: Array<{ name: string | null; email: string | null }>;
}

export async function releaseCommitSummary(db: Db, releaseId: number): Promise<ReleaseCommitSummary> {
  const count = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM release_commits WHERE release_id = ?', [releaseId]);
  const [last] = await listReleaseCommits(db, releaseId, { limit: 1 });
  const authors = await db.all<{ name: string | null; email: string | null }>(
    'SELECT author_name AS name, author_email AS email FROM release_commits WHERE release_id = ? AND (author_name IS NOT NULL OR author_email IS NOT NULL) GROUP BY author_name, author_email ORDER BY MIN(position)',
    [releaseId],
  );
  return { count: Number(count?.n ?? 0), last: last ?? null, authors };
}

/**
 * The newest release created before `release` that has commits and shares one of `projectIds` with it
 * (`set-commits --local` then sends only the commits since that release's last one).
 */
export async function previousReleaseWithCommits(db: Db, release: { id: number; org_id: number; date_created: number }, projectIds: number[]): Promise<ReleaseRow | undefined> {
  if (projectIds.length === 0) return undefined;
  return db.get<ReleaseRow>(
    `SELECT r.* FROM releases r WHERE r.org_id = ? AND r.id <> ? AND (r.date_created < ? OR (r.date_created = ? AND r.id < ?))
       AND EXISTS (SELECT 1 FROM release_commits c WHERE c.release_id = r.id)
       AND EXISTS (SELECT 1 FROM release_projects rp WHERE rp.release_id = r.id AND rp.project_id IN (${projectIds.map(() => '?').join(', ')}))
     ORDER BY r.date_created DESC, r.id DESC LIMIT 1`,
    [release.org_id, release.id, release.date_created, release.date_created, release.id, ...projectIds],
  );
}
