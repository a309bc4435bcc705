/**
 * @module `symbolicateFrame`: rewrites one minified frame in place from its module's source map — original file,
 * line, column, function and five lines of context — keeping the frame as it arrived in `raw` so the UI can
 * toggle back and reprocessing can start again from it.
 */
import type { StackFrame } from '@faultline/protocol';
import { contextAround } from './context-lines.ts';
import { minifiedIdentifier, originalFunctionName } from './original-function-name.ts';
import type { ModuleError, ResolvedModule } from './resolve-module.ts';
import { scopeFunctionName } from './scope-names.ts';
import { foldFunctionName, originalLocation, type SourceLocation } from './source-paths.ts';

/** Names that say nothing; a better one (the call site's) wins over them, as in symbolicator. */
const USELESS_NAMES = new Set(['<anonymous>', '__webpack_require__', '__webpack_modules__']);

export interface FrameOutcome {
  ok: boolean;
  /** The original identifier at this frame's position: the callee's name for the next (inner) frame. */
  tokenName?: string;
  error?: ModuleError;
  /** The map resolved the frame but has no `sourcesContent` for its file. */
  missingContent?: boolean;
}

export function symbolicateFrame(frame: StackFrame, mod: ResolvedModule, callsiteName: string | undefined): FrameOutcome {
  const map = mod.map!;
  const lineno = frame.lineno!;
  const colno = frame.colno ?? 1;
  if (mod.minified && lineno > mod.minified.lines.length) {
    return { ok: false, error: { type: 'js_invalid_sourcemap_location', reason: `line ${lineno} is beyond the end of the minified file (${mod.minified.lines.length} lines): the frame comes from another build` } };
  }
  const pos = map.lookup(lineno, colno);
  if (!pos) {
    const reason = lineno > map.generatedLines
      ? `line ${lineno} is beyond the ${map.generatedLines} lines the source map covers: the map is probably from another build`
      : `the source map has no mapping at ${lineno}:${colno}`;
    return { ok: false, error: { type: 'js_invalid_sourcemap_location', reason } };
  }
  keepRaw(frame);
  // Joining URLs per frame is the costliest part of a warm lookup: keep the answer with the map.
  const base = mod.mapUrl ?? mod.absPath;
  const memoKey = `${pos.sourceIndex}\0${base}`;
  let loc = map.locations.get(memoKey) as SourceLocation | undefined;
  if (!loc) {
    loc = originalLocation(pos.source, base);
    if (map.locations.size < 10_000) map.locations.set(memoKey, loc);
  }
  const minifiedName = minifiedIdentifier(frame.function);
  // The definition of the minified name where the map recorded names; else the enclosing scope's name token.
  const scopeName = mod.minified
    ? (minifiedName && originalFunctionName(map, mod.minified.lines, lineno, colno, minifiedName)) || scopeFunctionName(map, mod.minified.lines, lineno, colno)
    : undefined;
  const name = scopeName && !USELESS_NAMES.has(scopeName) ? scopeName : callsiteName || scopeName || frame.function;
  if (name) frame.function = foldFunctionName(name);
  frame.abs_path = loc.absPath;
  frame.filename = loc.filename;
  if (loc.module) frame.module = loc.module;
  else delete frame.module;
  if (loc.inApp !== undefined) frame.in_app = loc.inApp;
  frame.lineno = pos.line;
  frame.colno = pos.column;
  delete frame.context_line;
  delete frame.pre_context;
  delete frame.post_context;
  const lines = map.sourceLines(pos.sourceIndex);
  const ctx = lines ? contextAround(lines, pos.line, pos.column) : undefined;
  if (ctx) Object.assign(frame, ctx);
  frame.symbolicated = true;
  frame.data = { ...(isRecord(frame.data) ? frame.data : {}), sourcemap: mod.mapUrl ?? mod.origin, resolved_with: mod.resolvedWith, symbolicated: true };
  const outcome: FrameOutcome = { ok: true, missingContent: !lines };
  if (pos.name) outcome.tokenName = pos.name;
  return outcome;
}

/** Fields of the minified frame worth keeping; `raw` is typed narrowly in protocol, the extras ride along. */
const RAW_FIELDS = ['filename', 'abs_path', 'function', 'lineno', 'colno', 'module', 'in_app', 'context_line', 'pre_context', 'post_context'] as const;

function keepRaw(frame: StackFrame): void {
  if (frame.raw) return;
  const raw: Record<string, unknown> = {};
  for (const k of RAW_FIELDS) if (frame[k] !== undefined) raw[k] = frame[k];
  frame.raw = raw as StackFrame['raw'];
}

/** Puts a symbolicated frame back as it arrived (reprocessing starts from the minified frame). */
export function restoreRawFrame(frame: StackFrame): void {
  const raw = frame.raw as Record<string, unknown> | undefined;
  if (!raw) return;
  for (const k of RAW_FIELDS) delete frame[k];
  for (const k of RAW_FIELDS) if (raw[k] !== undefined) (frame as Record<string, unknown>)[k] = raw[k];
  delete frame.raw;
  delete frame.symbolicated;
  if (isRecord(frame.data)) {
    const { sourcemap: _s, resolved_with: _r, symbolicated: _y, ...rest } = frame.data;
    if (Object.keys(rest).length) frame.data = rest;
    else delete frame.data;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
