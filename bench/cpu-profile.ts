/**
 * @module Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): where the server's CPU went, as self time per
 * function, inclusive time per function (each sample counted once per function on its stack), and self time by
 * file and by area (Faultline package, dependency, node internals, GC). Percentages are of busy (non-idle) time.
 * Also runnable alone: `node --import tsx bench/cpu-profile.ts FILE.cpuprofile`.
 */
import { readFileSync } from 'node:fs';
import { REPO } from './faultline-process.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  pct: number;
  ms: number;
}

export interface ProfileSummary {
  file: string;
  wallSeconds: number;
  busySeconds: number;
  idlePct: number;
  topSelf: ProfileRow[];
  topInclusive: ProfileRow[];
  byFile: ProfileRow[];
  byArea: ProfileRow[];
}

function shortUrl(url: string): string {
  if (!url) return '';
  return url.replace(/^file:\/\//, '').replace(`${REPO}/`, '').replace(/^.*\/node_modules\//, 'node_modules/');
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)';
  const u = shortUrl(url);
  const pkg = /^packages\/([^/]+)\//.exec(u);
  if (pkg) return `@faultline/${pkg[1]}`;
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (dep) return dep[1]!;
  if (u.startsWith('node:')) return `node:${u.slice(5).split('/')[0]}`;
  return u;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // tsx hands V8 one-line transpiled modules, so positions are line 1 and a column; name + file is what helps.
  const key = (n: ProfileNode) => {
    const { functionName: fn, url, lineNumber: line, columnNumber: col } = n.callFrame;
    if (!url) return fn || '(anonymous)';
    const where = line > 0 ? `:${line + 1}` : fn ? '' : `:1:${col + 1}`;
    return `${fn || '(anonymous)'} (${shortUrl(url)}${where})`;
  };

  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const files = new Map<string, number>();
  const areas = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let idle = 0;
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000; // µs → ms; a sample's time is until the next one
    const n = byId.get(p.samples[i]!)!;
    const fn = n.callFrame.functionName;
    if (fn === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    add(self, key(n), dt);
    add(files, n.callFrame.url ? shortUrl(n.callFrame.url) : fn || '(native)', dt);
    add(areas, area(n.callFrame.url, fn), dt);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (k === '(root)' || seen.has(k)) continue;
      seen.add(k);
      add(incl, k, dt);
    }
  }
  const rows = (m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
    [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((1000 * ms) / busy) / 10 }));
  return {
    file,
    wallSeconds: Math.round((p.endTime - p.startTime) / 1e4) / 100,
    busySeconds: Math.round(busy / 10) / 100,
    idlePct: Math.round((1000 * idle) / (idle + busy)) / 10,
    topSelf: rows(self),
    // Inclusive time is most telling for our own code; runtime frames (event loop, promise jobs) are on every stack.
    topInclusive: rows(incl, (k) => /\(packages\//.test(k)),
    byFile: rows(files),
    byArea: rows(areas),
  };
}

export function formatProfile(s: ProfileSummary, n = 15): string {
  const fmt = (title: string, rs: ProfileRow[]) => [`  ${title}`, ...rs.slice(0, n).map((r) => `    ${r.pct.toFixed(1).padStart(5)}%  ${r.name}`)].join('\n');
  return [
    `  profile ${s.file}: ${s.busySeconds}s busy of ${s.wallSeconds}s (idle ${s.idlePct}%)`,
    fmt('by area (self):', s.byArea),
    fmt('top functions (self):', s.topSelf),
    fmt('top Faultline functions (inclusive):', s.topInclusive),
    fmt('by file (self):', s.byFile),
  ].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  for (const f of process.argv.slice(2)) console.log(formatProfile(summarizeProfile(f), 25));
}
