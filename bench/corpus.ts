/**
 * @module The request stream a load generator sends: ~1,000 issues drawn Zipf-skewed, each in a few size variants
 * (2–20 KB), with session and client_report envelopes mixed in and a share of bodies gzipped. Bodies are prebuilt
 * templates; per request only the 32-hex id is overwritten (a copy and a write), and gzipped bodies are compressed
 * before timing starts, so the generator spends its CPU on HTTP, not on building events.
 */
import { gzipSync } from 'node:zlib';
import { buildEvent, browserIssue, clientReportPayload, ID_MARKER, loadFixtures, nodeIssue, sessionPayload, type IssueShape } from './event-shapes.ts';
import { idFactory, seededRandom, zipfSampler } from './random.ts';

export type Kind = 'event' | 'session' | 'client_report';

export interface ProjectTarget {
  projectId: string;
  publicKey: string;
}

export interface CorpusOptions {
  fixturesDir: string;
  issues: number;
  variantsPerIssue: number;
  zipfS: number;
  seed: number;
  minEventBytes: number;
  maxEventBytes: number;
  gzipShare: number;
  sessionShare: number;
  clientReportShare: number;
  node: ProjectTarget;
  browser: ProjectTarget;
}

export const DEFAULT_CORPUS: Omit<CorpusOptions, 'fixturesDir' | 'node' | 'browser'> = {
  issues: 1000,
  variantsPerIssue: 4,
  zipfS: 1.0,
  seed: 20261123,
  minEventBytes: 2 * 1024,
  maxEventBytes: 20 * 1024,
  gzipShare: 0.2,
  sessionShare: 0.1,
  clientReportShare: 0.03,
};

interface Template {
  kind: Kind;
  issue: number;
  path: string;
  headers: Record<string, string>;
  gzipHeaders: Record<string, string>;
  body: Buffer;
  idOffsets: number[];
}

export interface OutgoingRequest {
  kind: Kind;
  issue: number;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Bytes before compression (the envelope as the SDK built it). */
  rawBytes: number;
  gzip: boolean;
}

const NODE_HEADERS = { 'user-agent': 'sentry.javascript.node/11.12.0' };
// As Chromium sent them in the browser fixture's requests.log.
const BROWSER_HEADERS = {
  'content-type': 'text/plain;charset=UTF-8',
  'sec-ch-ua-platform': '"Linux"',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  'sec-ch-ua': '"Not:A-Brand";v="8", "Chromium";v="156"',
  'sec-ch-ua-mobile': '?0',
  accept: '*/*',
  origin: 'http://127.0.0.1:9999',
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'cors',
  'sec-fetch-dest': 'empty',
  referer: 'http://127.0.0.1:9999/',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'accept-language': 'en-US,en;q=0.9',
};

function envelopePath(t: ProjectTarget, node: boolean): string {
  const client = node ? 'sentry.javascript.node%2F11.12.0' : 'sentry.javascript.browser%2F11.12.0';
  return `/api/${t.projectId}/envelope/?sentry_version=7&sentry_key=${t.publicKey}&sentry_client=${client}`;
}

function markerOffsets(body: Buffer): number[] {
  const out: number[] = [];
  for (let at = body.indexOf(ID_MARKER); at !== -1; at = body.indexOf(ID_MARKER, at + 1)) out.push(at);
  return out;
}

export class Corpus {
  private readonly rng: () => number;
  private readonly zipf: (u: number) => number;
  private readonly events: Template[] = [];
  private readonly sessions: Template[] = [];
  private readonly clientReports: Template[] = [];
  private readonly nextId = idFactory();
  private gzPool: OutgoingRequest[] = [];
  inlineGzips = 0;
  readonly shapes: IssueShape[] = [];

  constructor(private readonly opts: CorpusOptions) {
    const fx = loadFixtures(opts.fixturesDir);
    // Each issue and each variant has its own seeded stream: every generator process builds the same issues, even
    // though variants (their breadcrumb counts depend on the timestamps' digits) differ slightly from run to run.
    const streamOf = (...parts: number[]) => seededRandom(parts.reduce((h, p) => Math.imul(h ^ p, 0x9e3779b1) >>> 0, opts.seed));
    const build = streamOf(0x5e55);
    const nowSec = Math.floor(Date.now()) / 1000;
    let nodeN = 0;
    let browserN = 0;
    for (let k = 0; k < opts.issues; k++) {
      // 3 of 5 issues come from the node signaling server, 2 of 5 from the browser dashboard, interleaved by rank.
      const node = k % 5 < 3;
      const shape = node ? nodeIssue(fx, streamOf(k), nodeN++) : browserIssue(fx, streamOf(k), browserN++);
      this.shapes.push(shape);
      const target = node ? opts.node : opts.browser;
      for (let v = 0; v < opts.variantsPerIssue; v++) {
        const variant = streamOf(k, v + 1);
        const size = opts.minEventBytes + variant() * (opts.maxEventBytes - opts.minEventBytes);
        const { header, payload } = buildEvent(fx, shape, variant, size, nowSec, target.publicKey);
        this.events.push(this.template('event', k, node, `${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(payload)}`));
      }
    }
    for (let s = 0; s < 200; s++) {
      const node = s % 2 === 0;
      const e = sessionPayload(fx, build, node, nowSec);
      this.sessions.push(this.template('session', -1, node, `${JSON.stringify(e.header)}\n${JSON.stringify(e.item)}\n${JSON.stringify(e.payload)}`));
      const c = clientReportPayload(build, node, nowSec);
      this.clientReports.push(this.template('client_report', -1, node, `${JSON.stringify(c.header)}\n${JSON.stringify(c.item)}\n${JSON.stringify(c.payload)}`));
    }
    this.rng = seededRandom(opts.seed ^ process.pid);
    this.zipf = zipfSampler(opts.issues, opts.zipfS);
  }

  private template(kind: Kind, issue: number, node: boolean, text: string): Template {
    const body = Buffer.from(text);
    const headers = node ? NODE_HEADERS : BROWSER_HEADERS;
    return { kind, issue, path: envelopePath(node ? this.opts.node : this.opts.browser, node), headers, gzipHeaders: { ...headers, 'content-encoding': 'gzip' }, body, idOffsets: markerOffsets(body) };
  }

  /** Share of requests that carry an error event (the rest are sessions and client reports). */
  get eventShare(): number {
    return 1 - this.opts.sessionShare - this.opts.clientReportShare;
  }

  /** The event envelopes as built (bytes before compression). */
  get templateStats(): { eventTemplates: number; meanEventBytes: number; smallestEventBytes: number; largestEventBytes: number } {
    const sizes = this.events.map((t) => t.body.length);
    return { eventTemplates: sizes.length, meanEventBytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), smallestEventBytes: Math.min(...sizes), largestEventBytes: Math.max(...sizes) };
  }

  private pickTemplate(): Template {
    const u = this.rng();
    if (u < this.opts.sessionShare) return this.sessions[Math.floor(this.rng() * this.sessions.length)]!;
    if (u < this.opts.sessionShare + this.opts.clientReportShare) return this.clientReports[Math.floor(this.rng() * this.clientReports.length)]!;
    const issue = this.zipf(this.rng());
    return this.events[issue * this.opts.variantsPerIssue + Math.floor(this.rng() * this.opts.variantsPerIssue)]!;
  }

  private instantiate(t: Template, gzip: boolean): OutgoingRequest {
    const body = Buffer.from(t.body);
    if (t.idOffsets.length > 0) {
      const id = this.nextId();
      for (const at of t.idOffsets) body.write(id, at, 'latin1');
    }
    if (!gzip) return { kind: t.kind, issue: t.issue, path: t.path, headers: t.headers, body, rawBytes: body.length, gzip };
    return { kind: t.kind, issue: t.issue, path: t.path, headers: t.gzipHeaders, body: gzipSync(body), rawBytes: body.length, gzip };
  }

  /** Compress `n` requests ahead of time (ids already unique), to be handed out whenever a request is gzipped. */
  prepareGzip(n: number): void {
    const more: OutgoingRequest[] = [];
    for (let i = 0; i < n; i++) more.push(this.instantiate(this.pickTemplate(), true));
    this.gzPool = more.concat(this.gzPool);
  }

  next(): OutgoingRequest {
    const t = this.pickTemplate();
    if (this.rng() < this.opts.gzipShare) {
      const ready = this.gzPool.pop();
      if (ready) return ready;
      this.inlineGzips++;
      return this.instantiate(t, true);
    }
    return this.instantiate(t, false);
  }

  /** One body per size variant of every issue, in issue order (for bench/check-corpus.ts). */
  eventBodies(): Array<{ issue: number; body: Buffer }> {
    return this.events.map((t) => ({ issue: t.issue, body: t.body }));
  }

  /** Discard what was prepared for a phase that ended, so its memory is not carried into the next one. */
  dropGzipPool(): void {
    this.gzPool = [];
  }
}
