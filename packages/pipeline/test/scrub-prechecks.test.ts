/**
 * The scrubber's cheap checks (the length floor, the one-scan hint, each rule's own check, the clean-string cache)
 * only ever skip work: over strings built from the pieces every rule looks for, `scrubString` equals every rule
 * applied with no check at all, with and without the email rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scrubString, scrubStringEveryRule } from '../src/scrub/scrub-string.ts';

/** What the rules key on, in mixed case, next to the characters that end or join them. */
const PIECES = [
  'Bearer ', 'bEaReR ', 'BASIC ', 'Digest ', 'DIGEST ', 'negotiate ', 'Basic\t',
  'abcdefgh', 'ABCDEFGHIJKLMNOP', 'QRSTUVWX', 'ijkl', 'x', '.', '/', '~', '+', '=', '==', '-', '_', ':', ': ', ' ', '\t', ',', '&', '?', '"', "'",
  'AKIA', 'ASIA', 'AIza', 'eyJ', 'eyJhbGciOi', 'sk_live_', 'rk_test_', 'ghp_', 'github_pat_', 'xoxb-',
  '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', '-----BEGIN',
  'https://', '://', 'user', 'pw', 'a', 'b', '@', '%40', 'a@b.co', 'me@example.com', 'git@',
  'pwd=', 'PWD=', 'token: ', 'api_key=', 'password', 'secret', '?code=', '&sig=', 'session=', 'auth=',
  '4111', '1111', '4111111111111111', '378282246310005', '0', '1', '42', '2026',
  'é', '😀', 'plain words ', 'src/components/',
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((parts) => parts.join(''));

describe('scrubString pre-checks', () => {
  it('never skip a rule that would match: equal to every rule applied unchecked', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (s, emails) => {
        const rules = { emails };
        assert.equal(scrubString(s, rules), scrubStringEveryRule(s, rules), JSON.stringify(s));
        // Asked again (now possibly answered from the clean-string cache), the answer is the same.
        assert.equal(scrubString(s, rules), scrubStringEveryRule(s, rules), JSON.stringify(s));
      }),
      { numRuns: 20_000, seed: 9 },
    );
  });

  it('scrub the short and letter-only secrets the old one-scan hint let through', () => {
    // `Basic ab.defgh` is the shortest auth match without a digit or `=:@%_-`: 14 characters, WORD_MIN.
    for (const s of ['send Bearer abcdefgh.ijkl now', 'Basic ab.defgh', 'Digest abc/defghijk', 'DIGEST abc1defghijk', 'key AKIAABCDEFGHIJKLMNOP here', 'pwd=x', 'a@b.co', '://a:b@']) {
      assert.notEqual(scrubString(s), s, s);
      assert.equal(scrubString(s), scrubStringEveryRule(s), s);
    }
  });
});
