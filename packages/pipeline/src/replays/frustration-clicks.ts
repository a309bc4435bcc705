/**
 * @module Dead and rage clicks in a recording segment, counted as Sentry's replay ingest counts them
 * (`count_dead_clicks`, `count_rage_clicks`): the SDK's `ui.slowClickDetected` breadcrumb (an rrweb custom event,
 * `type: 5`, `data.tag: "breadcrumb"`) is a dead click when the click ended by timing out (`endReason: "timeout"`)
 * on an `<a>`, `<button>` or `<input>` after at least 7 s (`timeAfterClickMs`, the SDK's `slowClickTimeout`), and a
 * rage click too when it carried 5 or more clicks (`clickCount`). Sentry counts a rage click among the dead ones, and
 * does not count `ui.multiClick` (several clicks that did get an answer) as either.
 */

export interface FrustrationClicks {
  dead: number;
  rage: number;
}

const SLOW_CLICK = Buffer.from('ui.slowClickDetected');
const DEAD_CLICK_TAGS = new Set(['a', 'button', 'input']);
const DEAD_CLICK_MIN_MS = 7000;
const RAGE_CLICK_MIN_CLICKS = 5;

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (...vs: unknown[]): number => {
  for (const v of vs) if (typeof v === 'number' && Number.isFinite(v) && v !== 0) return v;
  return 0;
};

/** Counts one breadcrumb payload (`data.payload` of the custom event); null when it is not a dead click. */
export function frustrationOf(payload: unknown): FrustrationClicks | null {
  const p = record(payload);
  if (p.category !== 'ui.slowClickDetected') return null;
  const data = record(p.data);
  const tag = record(data.node).tagName;
  if (data.endReason !== 'timeout' || typeof tag !== 'string' || !DEAD_CLICK_TAGS.has(tag.toLowerCase())) return null;
  if (num(data.timeAfterClickMs, data.timeafterclickms) < DEAD_CLICK_MIN_MS) return null;
  return { dead: 1, rage: num(data.clickCount, data.clickcount) >= RAGE_CLICK_MIN_CLICKS ? 1 : 0 };
}

/** The dead and rage clicks of one segment's rrweb JSON (an array of events); a segment without any is not parsed. */
export function countFrustrationClicks(json: Uint8Array): FrustrationClicks {
  const bytes = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  if (!bytes.includes(SLOW_CLICK)) return { dead: 0, rage: 0 };
  let events: unknown;
  try {
    events = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { dead: 0, rage: 0 };
  }
  return countFrustrationClicksIn(events);
}

/** The dead and rage clicks of one segment's parsed rrweb events (anything but an array of events has none). */
export function countFrustrationClicksIn(events: unknown): FrustrationClicks {
  const out = { dead: 0, rage: 0 };
  if (!Array.isArray(events)) return out;
  for (const e of events) {
    const ev = record(e);
    if (ev.type !== 5 || record(ev.data).tag !== 'breadcrumb') continue;
    const f = frustrationOf(record(ev.data).payload);
    if (f) {
      out.dead += f.dead;
      out.rage += f.rage;
    }
  }
  return out;
}
