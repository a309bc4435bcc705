/**
 * @module The original name of the function a minified frame is in. Sentry parses the minified file into scopes;
 * this does the cheap version of the same idea: walk the mappings back from the frame's position to where the
 * minified function name (`ER` in `HTMLButtonElement.ER`) is *defined* — `function ER(`, `ER=function`,
 * `ER=(…)=>`, `ER(…){` — and take the original name the map recorded there. Definitions are indexed per
 * identifier on first use, so a warm lookup is a binary search. When that fails the caller falls back
 * to the name at the calling frame's call site, then to the minified name (symbolicator's order).
 */
import type { FunctionDefs, ParsedSourceMap } from './parsed-source-map.ts';

/**
 * How far back a definition may be and still be taken as the enclosing function: beyond this many mappings it is
 * more likely another function that the minifier gave the same short name.
 */
const MAX_SEGMENTS_BACK = 4096;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `HTMLButtonElement.r` → `r`; `async ER` → `ER`; `new Foo` → `Foo`; `<anonymous>` and `?` → undefined. */
export function minifiedIdentifier(fn: string | undefined): string | undefined {
  if (!fn) return undefined;
  const name = fn.replace(/^(async|new)\s+/, '').replace(/\s*\[as [^\]]+\]$/, '');
  const last = name.slice(name.lastIndexOf('.') + 1);
  return IDENTIFIER.test(last) ? last : undefined;
}

export function originalFunctionName(
  map: ParsedSourceMap,
  minifiedLines: readonly string[],
  line: number,
  column: number,
  minifiedName: string,
): string | undefined {
  const start = map.segmentAtOrBefore(line - 1, Math.max(0, column - 1));
  if (!start) return undefined;
  const defs = definitionsOf(map, minifiedLines, minifiedName);
  const here = map.ordinalOf(start.line, start.index);
  // The nearest definition at or before the frame, if it is close enough to plausibly enclose it.
  let lo = 0;
  let hi = defs.ordinals.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (defs.ordinals[mid]! <= here) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1 || here - defs.ordinals[found]! > MAX_SEGMENTS_BACK) return undefined;
  return defs.names[found];
}

/**
 * Every place the map records an original name for a token whose minified text is `minifiedName` in a function
 * definition. Built once per (map, minified source, identifier) on first use: one pass of cheap `startsWith`
 * checks, after which each frame costs a binary search instead of a walk.
 */
function definitionsOf(map: ParsedSourceMap, lines: readonly string[], minifiedName: string): FunctionDefs {
  let byName = map.functionIndex.get(lines);
  if (!byName) {
    byName = new Map();
    map.functionIndex.set(lines, byName);
  }
  let defs = byName.get(minifiedName);
  if (defs) return defs;
  defs = { ordinals: [], names: [] };
  for (let l = 0; l < map.lineCount; l++) {
    const text = lines[l];
    if (text === undefined) break;
    const segs = map.segmentsOfLine(l);
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      if (seg.length !== 5) continue;
      const col = seg[0];
      if (!text.startsWith(minifiedName, col) || IDENT_CHAR.test(text.charAt(col + minifiedName.length))) continue;
      if (!definesFunction(text, col, minifiedName.length)) continue;
      defs.ordinals.push(map.ordinalOf(l, i));
      defs.names.push(map.nameOf(seg)!);
    }
  }
  byName.set(minifiedName, defs);
  return defs;
}

const IDENT_CHAR = /[\w$]/;

const AFTER_ASSIGN = /^\s*[=:]\s*(?:async\s*)?(?:function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/;
const AFTER_METHOD = /^\s*\([^()]*\)\s*\{/;

function definesFunction(text: string, col: number, len: number): boolean {
  const before = text.slice(Math.max(0, col - 16), col);
  if (/function\*?\s*$/.test(before)) return true;
  const after = text.slice(col + len, col + len + 200);
  if (AFTER_ASSIGN.test(after)) return true;
  // `ER(e){…}` is a method or a call; a call is preceded by an operator, a method by `{`, `,` or `}` in a class/object.
  return AFTER_METHOD.test(after) && /(?:^|[{,;}]\s*(?:static\s+|async\s+|get\s+|set\s+)?)$/.test(before);
}
