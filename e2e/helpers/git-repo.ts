/** @module A throwaway git repository with two commits by two authors at fixed dates, for `set-commits --local`. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns its path, the shas (newest first) and a way to add a commit (returns its sha). */
export function gitRepo(): { dir: string; shas: string[]; commit(name: string, email: string, date: string, message: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-git-'));
  const git = (args: string[], env: Record<string, string> = {}) => execFileSync('git', args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env }, encoding: 'utf8' }).trim();
  git(['init', '-q']);
  git(['remote', 'add', 'origin', 'https://github.com/acme/shop.git']);
  const commit = (name: string, email: string, date: string, message: string) => {
    git(['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message], {
      GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: date,
    });
    return git(['rev-parse', 'HEAD']);
  };
  commit('Ada Lovelace', 'ada@example.com', '2026-11-30T10:00:00Z', 'Add checkout retry\n\nRetries twice.');
  commit('Bob Byte', 'bob@example.com', '2026-12-01T09:30:00Z', 'Fix crash on empty cart');
  return { dir, shas: git(['log', '--format=%H']).split('\n'), commit };
}
