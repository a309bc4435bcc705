/**
 * @module `scrubEmails`: email addresses inside free text (messages, URLs, breadcrumbs) become `[email]`.
 * A hand-written scan anchored on each `@` (or its URL form `%40`): at most 64 characters back for the local part
 * and 255 forward for the domain, neither crossing another `@`, so the work is linear in the string's length.
 */

export const EMAIL_MASK = '[email]';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

function isLocalChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 43 || c === 45 || c === 37;
}

function isLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** End (exclusive) of a domain with at least one dot and a TLD of 2+ letters starting at `from`, else -1. */
function domainEnd(s: string, from: number): number {
  let i = from;
  let end = -1;
  let labelStart = from;
  let dots = 0;
  const limit = Math.min(s.length, from + MAX_DOMAIN);
  while (i < limit) {
    const c = s.charCodeAt(i);
    if (isLabelChar(c)) {
      i++;
      continue;
    }
    if (c === 46 && i > labelStart) {
      dots++;
      labelStart = i + 1;
      i++;
      continue;
    }
    break;
  }
  // Walk the last label back: it must be 2+ letters (a TLD); a trailing dot is sentence punctuation.
  let stop = i;
  if (stop > from && s.charCodeAt(stop - 1) === 46) {
    stop--;
    dots--;
    let j = stop - 1;
    while (j > from && s.charCodeAt(j) !== 46) j--;
    labelStart = j + 1;
  }
  if (dots < 1 || stop - labelStart < 2) return -1;
  for (let j = labelStart; j < stop; j++) if (!isLetter(s.charCodeAt(j))) return -1;
  end = stop;
  return end;
}

/** Returns `s` with every email address replaced, or `s` itself when there is none. */
export function scrubEmails(s: string): string {
  let at = s.indexOf('@');
  let pct = s.indexOf('%40');
  if (at === -1 && pct === -1) return s;
  let out = '';
  let copied = 0;
  while (at !== -1 || pct !== -1) {
    const isPct = at === -1 || (pct !== -1 && pct < at);
    const pos = isPct ? pct : at;
    const sepLen = isPct ? 3 : 1;
    let start = pos;
    const floor = Math.max(copied, pos - MAX_LOCAL);
    while (start > floor && isLocalChar(s.charCodeAt(start - 1))) start--;
    // `%40` inside the local part's scan is fine: `%` is a local char; a `%40` prefix of the local part is not.
    while (start < pos && s.charCodeAt(start) === 46) start++;
    let next = pos + sepLen;
    // `git@github.com:org/repo` is an SSH remote, not a person.
    if (start < pos && !(pos - start === 3 && s.startsWith('git', start))) {
      const end = domainEnd(s, pos + sepLen);
      if (end !== -1) {
        out += s.slice(copied, start) + EMAIL_MASK;
        copied = end;
        next = end;
      }
    }
    if (isPct) pct = s.indexOf('%40', next);
    else at = s.indexOf('@', next);
    if (at !== -1 && at < next) at = s.indexOf('@', next);
    if (pct !== -1 && pct < next) pct = s.indexOf('%40', next);
  }
  return copied === 0 ? s : out + s.slice(copied);
}
