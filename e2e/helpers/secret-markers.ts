/**
 * @module Every kind of secret the privacy review found stored as sent (issue 8, finding 8), each a unique marker a
 * test can search the whole store for; and the user email an app sets on purpose, which must be kept.
 */
export const SECRETS = {
  emailInMessage: 'carol.leak@example.net',
  emailInUrl: 'dave.leak@example.org',
  freeTextToken: 'freeTOKENsecret2',
  transactionToken: 'txnTOKENsecret1',
  basicAuth: 'YWxpY2U6aHVudGVyMkxFQUs=',
  card: '4111.1111.1111.1111',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrMTIzIn0.c2lnbmF0dXJlTEVBSw',
  oauthCode: 'oauthCODEsecret3',
  stripeKey: 'sk_live_51HleakSTRIPEsecret4xyzABC',
  githubToken: 'ghp_leakGITHUBsecret5abcdefghijklmnopq',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKKEY6X',
  bearer: 'reqBEARERsecret7',
  cookie: 'cookieSESSIONsecret9',
  password: 'hunter2-secret8',
  spanToken: 'spanTOKENsecret10',
  spanCode: 'spanCODEsecret11',
};

export const KEPT_USER_EMAIL = 'alice.kept@example.com';
