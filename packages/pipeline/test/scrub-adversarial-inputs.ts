/** 1 MiB strings built to make each scrubbing rule backtrack, if it can: long runs after a rule's anchor, anchors repeated. */
const MiB = 1024 * 1024;
const fill = (unit: string, prefix = '', suffix = '') => prefix + unit.repeat(Math.ceil((MiB - prefix.length - suffix.length) / unit.length)) + suffix;

export const ADVERSARIAL: Record<string, () => string> = {
  'url userinfo run (x:// + a…)': () => fill('a', 'x://'),
  'url userinfo with colon, no @': () => fill('a', 'x://u:'),
  'url anchors repeated': () => fill('x://a:'),
  'query param name run (? + a…)': () => fill('a', '?'),
  'query separators repeated': () => fill('&a'),
  'secret names without value end': () => fill('token=', '', ''),
  'name: value probes repeated': () => fill('password: '),
  'quoted values never closed': () => fill(`password:"a password:'b `),
  'colons and equals': () => fill(':='),
  'long identifier before =': () => fill('a', '', '=x'),
  'email local run, no @': () => fill('a.'),
  'email anchors repeated': () => fill('a@b.'),
  'email domain run': () => fill('a-', 'x@'),
  'percent-40 repeated': () => fill('a%40'),
  'digit run': () => fill('4'),
  'digits with separators': () => fill('4111 '),
  'dotted digit groups': () => fill('4111.'),
  'bearer then run': () => fill('a', 'Bearer '),
  'bearer repeated': () => fill('Bearer a1 '),
  'pem begin repeated': () => fill('-----BEGIN RSA PRIVATE KEY-----'),
  'pem begin, no end': () => fill('A', '-----BEGIN RSA PRIVATE KEY-----'),
  'jwt prefix then run': () => fill('a', 'eyJ'),
  'jwt segments repeated': () => fill('eyJa.'),
  'stripe prefix then run': () => fill('a', 'sk_live_'),
  'token prefixes repeated': () => fill('ghp_sk_live_xoxb-'),
  'base64 run (aws secret)': () => fill('aB3/'),
  'base64 and = repeated': () => fill('aB3='),
};
