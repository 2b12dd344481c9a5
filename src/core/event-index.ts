import type { CcEvent, EventFamily } from './types';

/**
 * What one listener wants to see. Every dimension that is set must match; an empty or absent
 * dimension, or one that holds `*` (or `kind:*` for keys), matches everything. `keys` entries are `kind:id` (exact) or a bare `id` that matches
 * that id under any kind (`1001` matches `agent:1001` and `group:1001`).
 */
export interface EventFilter {
  families?: readonly EventFamily[] | readonly string[];
  types?: readonly string[];
  keys?: readonly string[];
  /** A last test for what cannot be indexed (regex or glob on the type); runs only on candidates. */
  predicate?: (event: CcEvent) => boolean;
}

export type EventListener = (event: CcEvent) => void;

interface Entry {
  owner: string;
  families?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
  /** Exact keys and `*:<id>` wildcards, as indexed. */
  keys?: ReadonlySet<string>;
  predicate?: (event: CcEvent) => boolean;
  listener: EventListener;
  /** Dispatch round in which this entry was last called: dedupes an entry reached by two keys. */
  stamp: number;
}

const ANY_KIND = '*:';

function normaliseKey(key: string): string {
  return key.includes(':') ? key : ANY_KIND + key;
}

/** `*`, or `kind:*`, in a filter list means "all": that dimension does not filter. */
export function isWildcard(value: string): boolean {
  const v = value.trim();
  return v === '*' || v.endsWith(':*');
}

function nonEmptySet(values: readonly string[] | undefined, map?: (v: string) => string): Set<string> | undefined {
  if (!values || values.length === 0 || values.some(isWildcard)) return undefined;
  return new Set(map ? values.map(map) : values);
}

/*
 * Buckets are arrays replaced on every change (copy on write): dispatch walks them with an index
 * loop that allocates nothing, and a listener added or removed during a dispatch does not disturb
 * the walk. Changes happen at deploy time only.
 */
function addTo(bucket: Map<string, readonly Entry[]>, key: string, entry: Entry): void {
  const list = bucket.get(key);
  bucket.set(key, list ? [...list, entry] : [entry]);
}

function removeFrom(bucket: Map<string, readonly Entry[]>, key: string, entry: Entry): void {
  const list = bucket.get(key);
  if (!list) return;
  const rest = list.filter((e) => e !== entry);
  if (rest.length === 0) bucket.delete(key);
  else bucket.set(key, rest);
}

/**
 * Routes each event to the listeners that want it, with Map lookups only.
 *
 * Why: a flow with a thousand event nodes, each filtered on one agent, must not call (or even
 * test) a thousand listeners per event. Each listener is filed under its most selective
 * dimension (keys, else types, else families, else "everything"); an event looks up only its own
 * keys, type and family, then checks the candidates' remaining dimensions.
 */
export class EventIndex {
  private readonly byKey = new Map<string, readonly Entry[]>();
  private readonly byType = new Map<string, readonly Entry[]>();
  private readonly byFamily = new Map<string, readonly Entry[]>();
  private everything: readonly Entry[] = [];
  private readonly byOwner = new Map<string, Entry[]>();
  private round = 0;
  /** Listeners holding a bare-id key (`*:<id>`): only then is the wildcard looked up per event. */
  private wildcardKeys = 0;

  /** Add a listener for `owner`; one owner may hold several. */
  add(owner: string, filter: EventFilter, listener: EventListener): void {
    const entry: Entry = {
      owner,
      families: nonEmptySet(filter.families as readonly string[] | undefined),
      types: nonEmptySet(filter.types),
      keys: nonEmptySet(filter.keys, normaliseKey),
      predicate: filter.predicate,
      listener,
      stamp: -1,
    };
    this.file(entry, true);
    const list = this.byOwner.get(owner);
    if (list) list.push(entry);
    else this.byOwner.set(owner, [entry]);
  }

  /** Remove every listener of `owner`; returns how many were removed. */
  remove(owner: string): number {
    const list = this.byOwner.get(owner);
    if (!list) return 0;
    for (const entry of list) this.file(entry, false);
    this.byOwner.delete(owner);
    return list.length;
  }

  /** Number of listeners held (all owners). */
  get size(): number {
    let n = 0;
    for (const list of this.byOwner.values()) n += list.length;
    return n;
  }

  owners(): string[] {
    return [...this.byOwner.keys()];
  }

  /**
   * Call every listener that wants `event`. A listener that throws does not stop the others;
   * its error goes to `onError`. Returns how many listeners were called.
   */
  dispatch(event: CcEvent, onError?: (err: unknown, owner: string) => void): number {
    const round = ++this.round;
    let called = 0;
    if (this.byKey.size > 0) {
      const keys = event.keys;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        // Entries filed under keys are reached only through a key they hold: no key test needed.
        called += this.visit(this.byKey.get(key), event, round, true, onError);
        if (this.wildcardKeys > 0) {
          const colon = key.indexOf(':');
          if (colon >= 0) called += this.visit(this.byKey.get(ANY_KIND + key.slice(colon + 1)), event, round, true, onError);
        }
      }
    }
    if (this.byType.size > 0) called += this.visit(this.byType.get(event.type), event, round, false, onError);
    if (this.byFamily.size > 0) called += this.visit(this.byFamily.get(event.family), event, round, false, onError);
    if (this.everything.length > 0) called += this.visit(this.everything, event, round, false, onError);
    return called;
  }

  private visit(
    list: readonly Entry[] | undefined,
    event: CcEvent,
    round: number,
    keyMatched: boolean,
    onError: ((err: unknown, owner: string) => void) | undefined,
  ): number {
    if (list === undefined) return 0;
    let called = 0;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      if (entry.stamp === round) continue;
      if (entry.families !== undefined && !entry.families.has(event.family)) continue;
      if (entry.types !== undefined && !entry.types.has(event.type)) continue;
      if (!keyMatched && entry.keys !== undefined && !this.keyMatches(entry.keys, event.keys)) continue;
      if (entry.predicate !== undefined && !entry.predicate(event)) continue;
      entry.stamp = round;
      called++;
      try {
        entry.listener(event);
      } catch (err) {
        if (onError) onError(err, entry.owner);
      }
    }
    return called;
  }

  private keyMatches(wanted: ReadonlySet<string>, keys: readonly string[]): boolean {
    for (const key of keys) {
      if (wanted.has(key)) return true;
      const colon = key.indexOf(':');
      if (colon >= 0 && wanted.has(ANY_KIND + key.slice(colon + 1))) return true;
    }
    return false;
  }

  private file(entry: Entry, add: boolean): void {
    const op = add ? addTo : removeFrom;
    if (entry.keys) {
      for (const k of entry.keys) {
        op(this.byKey, k, entry);
        if (k.startsWith(ANY_KIND)) this.wildcardKeys += add ? 1 : -1;
      }
    } else if (entry.types) for (const t of entry.types) op(this.byType, t, entry);
    else if (entry.families) for (const f of entry.families) op(this.byFamily, f, entry);
    else if (add) this.everything = [...this.everything, entry];
    else this.everything = this.everything.filter((e) => e !== entry);
  }
}
