/**
 * @module Scope-based function names, for maps that record no `names` (Turbopack, SWC): Sentry's sourcemapcache
 * way. The minified file is parsed once (acorn) into its function scopes, each with the token that names it
 * (`function e(`, `e=function`, `e=()=>`, `{e(){}}`, `e:()=>`). A frame's name is that of the innermost scope
 * around its position: the name token's mapping gives the original identifier — its `names` entry when the map
 * has one (as symbolic's NameResolver), else the identifier written at the mapped position of the original source
 * (`sourcesContent`), which is where a map without names still points. An anonymous scope, or a token that maps
 * to no identifier, answers undefined and the caller falls back (symbolicate-frame.ts).
 */
import { parse, type Node } from 'acorn';
import type { ParsedSourceMap } from './parsed-source-map.ts';

/** Parsing a minified file is linear but not free: beyond this many characters it is not attempted. */
const MAX_PARSE_CHARS = 16 * 1024 * 1024;

interface Scope {
  start: number;
  end: number;
  /** Index of the enclosing scope, -1 at top level. */
  parent: number;
  /** Offset of the identifier naming the scope, -1 when it is anonymous. */
  nameAt: number;
}

interface ScopeIndex {
  scopes: Scope[];
  /** Offset of each line's first character in the text the scopes were parsed from. */
  lineStarts: number[];
}

const indexes = new WeakMap<readonly string[], ScopeIndex | null>();

/** The original name of the function around 1-based (`line`, `column`) of the minified file, if it can tell. */
export function scopeFunctionName(map: ParsedSourceMap, minifiedLines: readonly string[], line: number, column: number): string | undefined {
  const index = scopesOf(minifiedLines);
  if (!index || line < 1 || line > index.lineStarts.length) return undefined;
  const scope = innermostScope(index.scopes, index.lineStarts[line - 1]! + column - 1);
  if (!scope || scope.nameAt < 0) return undefined;
  return originalIdentifier(map, index.lineStarts, scope.nameAt);
}

function scopesOf(lines: readonly string[]): ScopeIndex | null {
  let index = indexes.get(lines);
  if (index !== undefined) return index;
  index = buildIndex(lines);
  indexes.set(lines, index);
  return index;
}

function buildIndex(lines: readonly string[]): ScopeIndex | null {
  const lineStarts: number[] = [];
  let size = 0;
  for (const l of lines) {
    lineStarts.push(size);
    size += l.length + 1;
  }
  if (size > MAX_PARSE_CHARS) return null;
  const text = lines.join('\n');
  const ast = parseLeniently(text);
  if (!ast) return null;
  const scopes: Scope[] = [];
  collect(ast as AnyNode, undefined, -1, scopes);
  // Pre-order collection leaves scopes sorted by start, parents before children.
  return { scopes, lineStarts };
}

function parseLeniently(text: string): Node | undefined {
  for (const sourceType of ['script', 'module'] as const) {
    try {
      return parse(text, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, allowSuperOutsideMethod: true });
    } catch {
      // A module (import/export, top-level await in strict code) fails as a script; try it as a module.
    }
  }
  return undefined;
}

type AnyNode = Node & Record<string, unknown>;

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function collect(node: AnyNode, parent: AnyNode | undefined, scope: number, out: Scope[]): void {
  let inner = scope;
  if (FUNCTIONS.has(node.type)) {
    out.push({ start: node.start, end: node.end, parent: scope, nameAt: nameTokenOf(node, parent) });
    inner = out.length - 1;
  }
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const child of v) if (isNode(child)) collect(child, node, inner, out);
    } else if (isNode(v)) collect(v, node, inner, out);
  }
}

function isNode(v: unknown): v is AnyNode {
  return !!v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
}

/** Where the identifier naming a function is: its own id, else what it is assigned or attached to. */
function nameTokenOf(fn: AnyNode, parent: AnyNode | undefined): number {
  const id = fn.id as AnyNode | null | undefined;
  if (id?.type === 'Identifier') return id.start;
  if (!parent) return -1;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === fn ? identifierAt(parent.id) : -1;
    case 'AssignmentExpression':
      return parent.right === fn ? identifierAt(parent.left) : -1;
    case 'AssignmentPattern':
      return parent.right === fn ? identifierAt(parent.left) : -1;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.value === fn && !parent.computed ? identifierAt(parent.key) : -1;
    default:
      return -1;
  }
}

/** `e` → e; `a.b.e` → e (the member the function lands on). */
function identifierAt(node: unknown): number {
  if (!isNode(node)) return -1;
  if (node.type === 'Identifier') return node.start;
  if (node.type === 'MemberExpression' && !node.computed) return identifierAt(node.property);
  return -1;
}

function innermostScope(scopes: readonly Scope[], offset: number): Scope | undefined {
  // The last scope starting at or before the offset, then out through its parents until one still contains it.
  let lo = 0;
  let hi = scopes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scopes[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  while (found >= 0 && scopes[found]!.end <= offset) found = scopes[found]!.parent;
  return found >= 0 ? scopes[found] : undefined;
}

const IDENTIFIER_START = /[A-Za-z_$][\w$]*/y;
/** Words a mapping may land on that are not the function's name (the map pointed at the declaration's start). */
const NOT_NAMES = new Set(['function', 'async', 'const', 'let', 'var', 'class', 'export', 'default', 'static', 'get', 'set', 'return', 'new', 'this']);

function originalIdentifier(map: ParsedSourceMap, lineStarts: readonly number[], offset: number): string | undefined {
  const line0 = lineOf(lineStarts, offset);
  const col0 = offset - lineStarts[line0]!;
  const found = map.segmentAtOrBefore(line0, col0);
  // Only a mapping of this very token counts (symbolic's "exactish" match: same line, at most a column before).
  if (!found || found.line !== line0 || found.segment[0] < col0 - 1) return undefined;
  const seg = found.segment;
  if (seg.length === 1) return undefined;
  const named = map.nameOf(seg);
  if (named) return named;
  const text = map.sourceLines(seg[1])?.[seg[2]];
  if (text === undefined) return undefined;
  IDENTIFIER_START.lastIndex = seg[3];
  const word = IDENTIFIER_START.exec(text)?.[0];
  return word && !NOT_NAMES.has(word) ? word : undefined;
}

function lineOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
