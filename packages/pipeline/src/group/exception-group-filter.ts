/**
 * @module `filterExceptionGroups`: RFC 0079 (exception groups) as Sentry applies it before grouping. An
 * `AggregateError` wrapping ten identical failures should group like one failure, and one wrapping different
 * failures by those failures, not by the wrapper. The tree comes from `mechanism.exception_id`/`parent_id`;
 * without complete ids (older SDKs, plain cause chains from other SDKs) the list is used as is.
 */

import type { ExceptionValue } from '@faultline/protocol';

interface Node {
  exception?: ExceptionValue;
  children: Node[];
}

export interface FilteredExceptions {
  /** The exceptions to hash, in hashing order. */
  exceptions: ExceptionValue[];
  /** The exception that names the issue when the filter singled one out (Sentry's `main_exception_id`). */
  main?: ExceptionValue;
}

/**
 * `keyOf` gives an exception's grouping identity (its component hashes), used to tell distinct top-level
 * exceptions apart.
 */
export function filterExceptionGroups(exceptions: ExceptionValue[], keyOf: (e: ExceptionValue) => string): FilteredExceptions {
  if (exceptions.length <= 1) return { exceptions };
  const tree = new Map<number, Node>();
  const node = (id: number): Node => {
    let n = tree.get(id);
    if (n === undefined) tree.set(id, (n = { children: [] }));
    return n;
  };
  // Sentry walks the list newest first, so children end up in that order.
  for (let i = exceptions.length - 1; i >= 0; i--) {
    const exception = exceptions[i];
    const id = exception.mechanism?.exception_id;
    if (id === undefined) return { exceptions };
    const self = node(id);
    self.exception = exception;
    const parent = exception.mechanism?.parent_id;
    if (parent !== undefined) node(parent).children.push(self);
  }
  const root = tree.get(0)?.exception;
  if (root === undefined) return { exceptions };

  const seen = new Set<Node>(); // ids are client data: a cycle must not loop forever
  const topLevel: ExceptionValue[] = [];
  const collectTopLevel = (n: Node): void => {
    if (seen.has(n) || n.exception === undefined) return;
    seen.add(n);
    if (n.exception.mechanism?.is_exception_group) for (const child of n.children) collectTopLevel(child);
    else topLevel.push(n.exception);
  };
  collectTopLevel(tree.get(0)!);

  // Sorted by type name, descending, then consecutive duplicates (same grouping key) collapsed, as Sentry does.
  topLevel.sort((a, b) => (String(a.type) < String(b.type) ? 1 : String(a.type) > String(b.type) ? -1 : 0));
  const distinct: ExceptionValue[] = [];
  let lastKey: string | undefined;
  for (const exception of topLevel) {
    const key = keyOf(exception);
    if (key !== lastKey) distinct.push(exception);
    lastKey = key;
  }

  if (distinct.length === 1) {
    // One distinct failure: it and its first-child path (its causes), without the group wrappers.
    const main = distinct[0];
    const path: ExceptionValue[] = [];
    const visited = new Set<Node>();
    for (let n: Node | undefined = tree.get(main.mechanism!.exception_id!); n?.exception && !visited.has(n); n = n.children[0]) {
      visited.add(n);
      path.push(n.exception);
    }
    return { exceptions: path, main };
  }
  // Several distinct failures: one of each plus the root group (Sentry's deviation from the RFC).
  return { exceptions: [...distinct, root], main: undefined };
}
