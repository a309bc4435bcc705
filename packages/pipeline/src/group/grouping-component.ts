/**
 * @module The grouping component tree (Sentry's `GroupingComponent`): every part of an event that may count for
 * grouping, with whether it does and why not. Hashes are taken over the contributing leaves only, so the tree
 * doubles as the explanation the UI can show ("function ignored: unknown name").
 */

export interface GroupingComponent {
  /** What this part is: `exception`, `stacktrace`, `frame`, `function`, `message`, … */
  id: string;
  contributes: boolean;
  /** Why it does not contribute (or how its value was changed). */
  hint?: string;
  values: Array<string | GroupingComponent>;
}

/** Variant name (`app`, `system`, `default`) → root component, in hash priority order. */
export type GroupingVariants = Map<string, GroupingComponent>;

/** A component that contributes when any of its values is a string or a contributing child. */
export function component(id: string, values: Array<string | GroupingComponent>, hint?: string): GroupingComponent {
  const contributes = values.some((value) => typeof value === 'string' || value.contributes);
  return hint === undefined ? { id, contributes, values } : { id, contributes, values, hint };
}

/** Marks `c` as not contributing, keeping the first reason given. Returns `c`. */
export function exclude(c: GroupingComponent, hint: string): GroupingComponent {
  if (c.contributes) {
    c.contributes = false;
    c.hint = hint;
  }
  return c;
}

/** The contributing leaf values under `c`, depth-first, in order: what the hash is taken over. */
export function contributingValues(c: GroupingComponent, out: string[] = []): string[] {
  if (!c.contributes) return out;
  for (const value of c.values) {
    if (typeof value === 'string') out.push(value);
    else contributingValues(value, out);
  }
  return out;
}

/** Whether a contributing `stacktrace` component is anywhere under `c` (docs/protocol.md §6 Step 4, last rule). */
export function hasContributingStacktrace(c: GroupingComponent): boolean {
  if (!c.contributes) return false;
  if (c.id === 'stacktrace') return true;
  return c.values.some((value) => typeof value !== 'string' && hasContributingStacktrace(value));
}
