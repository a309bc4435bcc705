/**
 * @module Source context for a resolved frame: the line itself and five before and after, from the map's
 * `sourcesContent`. Long lines (generated or minified code) are cut to a window around the column with
 * `{snip}` markers, the way Sentry shows them, so one frame can't carry a megabyte line.
 */

export const CONTEXT_LINES = 5;
const MAX_LINE = 150;
const WINDOW = 140;

export interface SourceContext {
  pre_context: string[];
  context_line: string;
  post_context: string[];
}

/** `lineno` and `colno` are 1-based; undefined when the line is outside the file. */
export function contextAround(lines: readonly string[], lineno: number, colno: number | undefined, n = CONTEXT_LINES): SourceContext | undefined {
  const idx = lineno - 1;
  if (idx < 0 || idx >= lines.length) return undefined;
  const col = colno ?? 0;
  const clip = (line: string) => trimLine(line, col);
  return {
    pre_context: lines.slice(Math.max(0, idx - n), idx).map(clip),
    context_line: clip(lines[idx]!),
    post_context: lines.slice(idx + 1, idx + 1 + n).map(clip),
  };
}

export function trimLine(line: string, column: number): string {
  const text = line.trimEnd();
  if (text.length <= MAX_LINE) return text;
  let start = Math.max(0, Math.min(column - 1 - WINDOW / 2, text.length - WINDOW));
  const end = Math.min(text.length, start + WINDOW);
  if (start < 5) start = 0;
  return `${start > 0 ? '{snip} ' : ''}${text.slice(start, end)}${end < text.length ? ' {snip}' : ''}`;
}
