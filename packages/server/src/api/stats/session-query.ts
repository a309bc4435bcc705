/**
 * @module The `query` of the sessions endpoint: `release:X`, `environment:Y`, quoted values, lists
 * (`release:[a,b]`) and `OR` between values of one key. Values of a key are alternatives; keys combine with AND.
 * Anything else is a 400 naming the token, not a silently wider answer.
 */
import { HttpError } from '../../http/respond.ts';

export interface SessionQuery {
  releases: string[];
  environments: string[];
}

const KEYS = { release: 'releases', environment: 'environments' } as const;

export function parseSessionQuery(q: string): SessionQuery {
  const out: SessionQuery = { releases: [], environments: [] };
  const tokens = q.match(/(?:[^\s"]+|"(?:[^"\\]|\\.)*")+/g) ?? [];
  for (const token of tokens) {
    if (token === 'OR' || token === 'AND') continue;
    const m = /^([a-z_.]+):(.+)$/.exec(token);
    const key = m?.[1] as keyof typeof KEYS | undefined;
    if (!m || !key || !Object.hasOwn(KEYS, key)) throw new HttpError(400, `unsupported query term "${token}": use release:X or environment:Y`);
    const value = m[2]!;
    const list = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1).split(',') : [value];
    for (let v of list) {
      v = v.trim();
      if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
      if (v) out[KEYS[key]].push(v);
    }

  }
  return out;
}
