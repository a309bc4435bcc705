/**
 * @module The original name of the function a minified frame is in. Sentry parses the minified file into scopes;
 * this does the cheap version of the same idea: walk the mappings back from the frame's position to where the
 * minified function name (`ER` in `HTMLButtonElement.ER`) is *defined* — `function ER(`, `ER=function`,
 * `ER=(…)=>`, `ER(…){` — and take the original name the map recorded there. When that fails the caller falls back
 * to the name at the calling frame's call site, then to the minified name (symbolicator's order).
 */
import type { ParsedSourceMap } from './parsed-source-map.ts';

/** How far back to look: a function body longer than this many mappings is rare, and the walk must stay cheap. */
const MAX_SEGMENTS_BACK = 1024;

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
  let l = start.line;
  let i = start.index;
  for (let steps = 0; steps < MAX_SEGMENTS_BACK && l >= 0; steps++) {
    const segs = map.segmentsOfLine(l);
    if (i < 0) {
      l--;
      i = map.segmentsOfLine(l).length - 1;
      continue;
    }
    const seg = segs[i]!;
    i--;
    const name = map.nameOf(seg);
    if (name === undefined) continue;
    const text = minifiedLines[l];
    if (text === undefined) continue;
    const col = seg[0];
    if (!text.startsWith(minifiedName, col) || /[\w$]/.test(text.charAt(col + minifiedName.length))) continue;
    if (definesFunction(text, col, minifiedName.length)) return name;
  }
  return undefined;
}

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
