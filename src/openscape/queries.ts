/**
 * The realtime queries one client keeps, under stable local handles.
 * The handle is given before the StartQuery is sent, so that a caller can filter the events of its
 * query (`queryHandle:<handle>`) before any of them arrives. The server forgets every query when the
 * session ends and answers a new StartQuery with a new queryId; the handle stays.
 * Old queryIds stay mapped to their handle until the query is stopped, for late events.
 */
import type { Outcome } from '../core/outcome';

/** The guide's limit: "a maximum number of five (5) queries of each type ... per REST SDK application". */
export const MAX_QUERIES_PER_TYPE = 5;

export interface LiveQuery {
  handle: string;
  /** The node that owns it (startStatistics), or undefined for one started through request(). */
  owner?: string;
  /** The StartQuery parameters, sent again after a new session. */
  params: Record<string, unknown>;
  /** The server's queryId: current while running, the last one while waiting for a restart. */
  queryId?: number;
  /** True while the server runs it (from the StartQuery answer to a lost session or the stop). */
  running: boolean;
  /** A StopQuery is under way: a session restore does not start it again. */
  stopping: boolean;
  /** The last StartQuery outcome (a restore's too), for a caller that waited for the session. */
  lastOutcome?: Outcome;
}

export class QueryBook {
  private readonly byHandle = new Map<string, LiveQuery>();
  private readonly handleOfId = new Map<number, string>();
  private counter = 0;

  /** Record a query before it is sent: its handle is known from here on. */
  reserve(params: Record<string, unknown>, owner?: string): LiveQuery {
    const q: LiveQuery = { handle: `rt${++this.counter}`, owner, params: { ...params }, running: false, stopping: false };
    this.byHandle.set(q.handle, q);
    return q;
  }

  /** The server answered a StartQuery of `handle` with `queryId`. */
  started(handle: string, queryId: number): number | undefined {
    const q = this.byHandle.get(handle);
    if (!q) return undefined;
    const old = q.queryId;
    q.queryId = queryId;
    q.running = true;
    this.handleOfId.set(queryId, handle);
    return old;
  }

  /** The server forgot every query (session lost): each must be started again. */
  markAllStopped(): void {
    for (const q of this.byHandle.values()) q.running = false;
  }

  handleOf(queryId: unknown): string | undefined {
    const id = typeof queryId === 'string' ? Number(queryId) : queryId;
    return typeof id === 'number' ? this.handleOfId.get(id) : undefined;
  }

  get(handle: string): LiveQuery | undefined {
    return this.byHandle.get(handle);
  }

  ofOwner(owner: string): LiveQuery | undefined {
    for (const q of this.byHandle.values()) if (q.owner === owner) return q;
    return undefined;
  }

  /** How many queries of one type are kept (running or waiting to be started). */
  countOfType(queryType: unknown): number {
    let n = 0;
    for (const q of this.byHandle.values()) if (q.params.queryType === queryType) n++;
    return n;
  }

  /** Find by handle, or by any queryId it ever had. */
  find(ref: { handle?: unknown; queryId?: unknown }): LiveQuery | undefined {
    if (typeof ref.handle === 'string') return this.byHandle.get(ref.handle);
    const h = this.handleOf(ref.queryId);
    return h ? this.byHandle.get(h) : undefined;
  }

  remove(handle: string): void {
    this.byHandle.delete(handle);
    for (const [id, h] of this.handleOfId) if (h === handle) this.handleOfId.delete(id);
  }

  all(): LiveQuery[] {
    return [...this.byHandle.values()];
  }

  clear(): void {
    this.byHandle.clear();
    this.handleOfId.clear();
  }
}
