/**
 * The realtime queries one client started, under stable local handles.
 * The server forgets every query when the session ends and answers a new StartQuery with a new
 * queryId; the handle stays, so that a cc-realtime node keeps receiving its statistics.
 * Old queryIds stay mapped to their handle until the query is stopped, for late events.
 */
export interface LiveQuery {
  handle: string;
  /** The StartQuery parameters, sent again after a new session. */
  params: Record<string, unknown>;
  /** The server's queryId: current while running, the last one while waiting for a restart. */
  queryId: number;
  /** False from a lost session until the query is started again. */
  running: boolean;
}

export class QueryBook {
  private readonly byHandle = new Map<string, LiveQuery>();
  private readonly handleOfId = new Map<number, string>();
  private counter = 0;

  add(params: Record<string, unknown>, queryId: number): LiveQuery {
    const q: LiveQuery = { handle: `rt${++this.counter}`, params: { ...params }, queryId, running: true };
    this.byHandle.set(q.handle, q);
    this.handleOfId.set(queryId, q.handle);
    return q;
  }

  /** Record the queryId of a restarted query; returns the previous one. */
  restarted(handle: string, queryId: number): number | undefined {
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
