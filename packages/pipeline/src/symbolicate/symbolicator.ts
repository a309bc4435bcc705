/**
 * @module `Symbolicator`: the digest stage's logic, free of storage. For every JavaScript/Node frame of an event
 * it finds the file's source map through an `ArtifactLookup` (debug ID first, then release files), rewrites the
 * frame to its original location, and records one processing error per file it could not map. It never throws
 * for bad uploads: the event keeps its minified frames and says why.
 */
import type { EventError, NormalizedEvent, StackFrame } from '@faultline/protocol';
import type { ArtifactLookup } from './artifact-lookup.ts';
import { ArtifactCache } from './artifact-cache.ts';
import { normalizeDebugId } from './debug-id.ts';
import { resolveModule, type ModuleContext, type ResolvedModule } from './resolve-module.ts';
import { restoreRawFrame, symbolicateFrame } from './symbolicate-frame.ts';

export interface SymbolicationSummary {
  /** Frames that needed a map. */
  frames: number;
  resolved: number;
  /** Processing errors added to the event. */
  errors: number;
}

/** Error types this stage writes; reprocessing clears exactly these before running again. */
export const SYMBOLICATION_ERROR_TYPES = new Set(['js_no_source', 'js_invalid_source', 'js_missing_debug_id', 'js_invalid_sourcemap_location', 'js_missing_sources_content']);

export class Symbolicator {
  constructor(readonly cache: ArtifactCache = new ArtifactCache()) {}

  async symbolicateEvent(event: NormalizedEvent, lookup: ArtifactLookup): Promise<SymbolicationSummary> {
    const summary: SymbolicationSummary = { frames: 0, resolved: 0, errors: 0 };
    const stacks = stacktracesOf(event);
    if (!stacks.some((s) => s.frames.some((f) => mappable(f, event.platform)))) return summary;
    const ctx = contextOf(event, lookup, this.cache);
    const modules = new Map<string, Promise<ResolvedModule>>();
    const errors = new Map<string, EventError>();
    const report = (key: string, path: string, absPath: string, error: NonNullable<ResolvedModule['error']>) => {
      const existing = errors.get(key);
      if (existing) {
        (existing.frames as string[]).push(path);
        return;
      }
      errors.set(key, { ...error, name: path, value: absPath, url: error.url ?? absPath, frames: [path] });
    };
    const eligible = new Map<string, string | undefined>();
    for (const stack of stacks) {
      let callsite: string | undefined;
      for (let j = 0; j < stack.frames.length; j++) {
        const frame = stack.frames[j]!;
        const absPath = mappableCached(frame, event.platform, eligible);
        if (!absPath) {
          callsite = undefined;
          continue;
        }
        summary.frames++;
        let pending = modules.get(absPath);
        if (!pending) {
          pending = resolveModule(ctx, absPath, frame.filename);
          modules.set(absPath, pending);
        }
        const mod = await pending;
        if (!mod.map) {
          callsite = undefined;
          if (mod.error && worthReporting(absPath, mod)) report(`${absPath}\0${mod.error.type}`, `${stack.prefix}${j}`, absPath, mod.error);
          continue;
        }
        const outcome = symbolicateFrame(frame, mod, callsite);
        callsite = outcome.tokenName;
        if (outcome.ok) {
          summary.resolved++;
          if (outcome.missingContent) {
            report(`${absPath}\0js_missing_sources_content`, `${stack.prefix}${j}`, absPath, {
              type: 'js_missing_sources_content',
              reason: `the source map ${mod.mapUrl ?? ''} has no sourcesContent for ${frame.filename}: upload maps built with sources included`,
              url: frame.abs_path ?? absPath,
            });
          }
        } else if (outcome.error) {
          report(`${absPath}\0${outcome.error.type}`, `${stack.prefix}${j}`, absPath, { ...outcome.error, url: absPath, ...(mod.debugId ? { debug_id: mod.debugId } : {}), ...(mod.mapUrl ? { sourcemap: mod.mapUrl } : {}) });
        }
      }
    }
    for (const e of errors.values()) event.errors.push(e);
    summary.errors = errors.size;
    return summary;
  }

  /** Every lookup step for one frame's file, for the "why didn't this frame resolve" view. */
  async explainFrame(event: NormalizedEvent, lookup: ArtifactLookup, frame: StackFrame): Promise<{ absPath?: string; debugId?: string; resolvedWith?: string; sourcemap?: string; steps: string[]; error?: ResolvedModule['error'] }> {
    const raw = (frame.raw ?? frame) as StackFrame;
    const probe: StackFrame = { ...raw };
    const absPath = mappable(probe, event.platform);
    if (!absPath) return { steps: ['this frame has no file URL and line number, or is runtime-internal: there is nothing to map'] };
    const mod = await resolveModule(contextOf(event, lookup, this.cache), absPath, probe.filename);
    const steps = [...mod.attempts];
    if (mod.map) {
      const outcome = symbolicateFrame(probe, mod, undefined);
      steps.push(outcome.ok ? `position ${raw.lineno}:${raw.colno} maps to ${probe.filename}:${probe.lineno}:${probe.colno}` : outcome.error!.reason);
      if (!outcome.ok) return { absPath, debugId: mod.debugId, steps, error: outcome.error };
    }
    return { absPath, debugId: mod.debugId, resolvedWith: mod.resolvedWith, sourcemap: mod.mapUrl, steps, error: mod.error };
  }
}

/** Undoes symbolication (frames back to minified, this stage's errors removed). True if anything changed. */
export function unsymbolicateEvent(event: NormalizedEvent): boolean {
  let changed = false;
  for (const stack of stacktracesOf(event)) {
    for (const frame of stack.frames) {
      if (frame.raw) {
        restoreRawFrame(frame);
        changed = true;
      }
    }
  }
  const before = event.errors.length;
  event.errors = event.errors.filter((e) => !SYMBOLICATION_ERROR_TYPES.has(e.type));
  return changed || event.errors.length !== before;
}

export interface StackRef {
  /** e.g. `exception.values.0.stacktrace.frames.`; a frame's path is this plus its index. */
  prefix: string;
  frames: StackFrame[];
}

export function stacktracesOf(event: NormalizedEvent): StackRef[] {
  const out: StackRef[] = [];
  event.exception?.values.forEach((v, i) => {
    const frames = v.stacktrace?.frames;
    if (frames?.length) out.push({ prefix: `exception.values.${i}.stacktrace.frames.`, frames });
  });
  event.threads?.values.forEach((t, i) => {
    const frames = t.stacktrace?.frames;
    if (frames?.length) out.push({ prefix: `threads.values.${i}.stacktrace.frames.`, frames });
  });
  return out;
}

function contextOf(event: NormalizedEvent, lookup: ArtifactLookup, cache: ArtifactCache): ModuleContext {
  const debugIds = new Map<string, string>();
  for (const img of event.debug_meta?.images ?? []) {
    const id = normalizeDebugId(img.debug_id);
    if (id && typeof img.code_file === 'string' && (img.type === 'sourcemap' || img.type === undefined)) debugIds.set(img.code_file, id);
  }
  const ctx: ModuleContext = { lookup, cache, debugIds };
  if (event.release) ctx.release = event.release;
  if (event.dist) ctx.dist = event.dist;
  return ctx;
}

const JS_PLATFORMS = new Set(['javascript', 'node']);

/** `mappable`, remembering the path-only part of the answer per file for the rest of the event. */
function mappableCached(frame: StackFrame, platform: string, seen: Map<string, string | undefined>): string | undefined {
  if (frame.symbolicated || typeof frame.lineno !== 'number' || frame.lineno < 1) return undefined;
  if (frame.platform !== undefined && !JS_PLATFORMS.has(frame.platform)) return undefined;
  const key = frame.abs_path ?? frame.filename;
  if (key === undefined) return undefined;
  if (seen.has(key)) return seen.get(key);
  const answer = mappable(frame, platform);
  seen.set(key, answer);
  return answer;
}

/** The file to map for this frame, or undefined when the frame isn't minified JavaScript we could look up. */
function mappable(frame: StackFrame, platform: string): string | undefined {
  if (frame.symbolicated) return undefined;
  const absPath = frame.abs_path ?? frame.filename;
  if (!absPath || typeof frame.lineno !== 'number' || frame.lineno < 1) return undefined;
  if (!JS_PLATFORMS.has(frame.platform ?? platform)) return undefined;
  if (/^(node:|internal\/|native\b|<anonymous>|\[native code\])/.test(absPath)) return undefined;
  // Inline <script> frames point into the HTML page, which has no map.
  if (/^https?:\/\/[^/]+(\/[^?#]*)?\/(?:[?#].*)?$/.test(absPath) || /\.html?(?:[?#].*)?$/.test(absPath)) return undefined;
  return absPath;
}

/**
 * Browser files and files the SDK named a debug ID for are expected to have maps, so a miss is worth saying.
 * Plain Node paths without a debug ID are usually unbundled code (node_modules, the app itself): a miss there
 * is the normal case, and reporting it would put an error on every server event.
 */
function worthReporting(absPath: string, mod: ResolvedModule): boolean {
  return mod.debugId !== undefined || /^(https?|app|webpack):/.test(absPath) || mod.error?.type === 'js_invalid_source';
}
