/**
 * The subscribe-events and unsubscribe-events requests: validation of the records, the answer, and
 * what follows a subscription (the entity snapshot, the first statistics).
 */
import { snapshotList, type SimDirectory } from './directory';
import { ENTITY_EVENT, ENTITY_KINDS, REQUEST, SNAPSHOT_LIST, STATS_EVENTS, type EntityKind } from './protocol-table';
import type { MitelMessage, SimConnection } from './sim-connection';
import { validateRecord } from './subscriptions';

export interface SubscriptionRequestContext {
  entities: SimDirectory;
  /** Key of the records in the answer: "subscriptions" (sample exchange) or "subscribe" (as specified). */
  subscribeAnswerKey: 'subscriptions' | 'subscribe';
  snapshotMode: 'per-kind' | 'combined';
  sendStatistics(conn: SimConnection): void;
}

/** "If the incoming request ID can be identified, this field will have the same ID ... otherwise -1." */
export function requestIdOf(req: MitelMessage): number | string {
  const id = req['request-id'];
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? id : -1;
}

export function handleSubscribe(ctx: SubscriptionRequestContext, conn: SimConnection, req: MitelMessage): void {
  const records = Array.isArray(req.subscribe) ? req.subscribe : Array.isArray(req.subscriptions) ? req.subscriptions : undefined;
  const accepted: unknown[] = [];
  const rejected: string[] = [];
  const added: Array<{ type: string; entities: string[] }> = [];
  for (const record of records ?? []) {
    const verdict = validateRecord(record, ctx.entities);
    if (verdict.ok) {
      accepted.push(record);
      added.push(verdict);
    } else {
      rejected.push(verdict.reason);
    }
  }
  if (!records) rejected.push('no "subscribe" list of subscription records');
  else if (records.length === 0) rejected.push('empty "subscribe" list');
  const result = accepted.length === 0 ? -1 : rejected.length > 0 ? 1 : 0;
  const key = ctx.subscribeAnswerKey;
  const answer: MitelMessage = {};
  if (key === 'subscribe') answer.request = 'Subscribe';
  answer.message = REQUEST.subscribe;
  answer['request-id'] = requestIdOf(req);
  answer[key] = accepted;
  answer.result = result;
  if (result > 0) answer['additional-info'] = `rejected: ${rejected.join('; ')}`;
  if (result < 0) answer['error-msg'] = rejected.join('; ');
  conn.send(answer, { timestamp: true });

  for (const { type, entities } of added) conn.subscriptions.add(type, entities);
  const kinds = new Set<EntityKind>();
  for (const { type, entities } of added) {
    if (type !== 'entity') continue;
    for (const e of entities) for (const k of e === '*' ? ENTITY_KINDS : [e as EntityKind]) kinds.add(k);
  }
  if (kinds.size > 0) sendSnapshot(ctx, conn, [...kinds]);
  // Simulator decision: statistics of a new subscription are sent at once, then every interval.
  if (added.some((a) => (STATS_EVENTS as readonly string[]).includes(a.type))) ctx.sendStatistics(conn);
}

function sendSnapshot(ctx: SubscriptionRequestContext, conn: SimConnection, kinds: EntityKind[]): void {
  const ordered = ENTITY_KINDS.filter((k) => kinds.includes(k));
  if (ctx.snapshotMode === 'combined') {
    const message: MitelMessage = { message: ENTITY_EVENT.snapshot, 'sub-topic': 'entity' };
    for (const k of ordered) message[SNAPSHOT_LIST[k]] = snapshotList(ctx.entities, k);
    conn.send(message, { timestamp: true });
    return;
  }
  for (const k of ordered) {
    conn.send(
      { message: ENTITY_EVENT.snapshot, 'sub-topic': 'entity', filter: k, [SNAPSHOT_LIST[k]]: snapshotList(ctx.entities, k) },
      { timestamp: true },
    );
  }
}

export function handleUnsubscribe(entities: SimDirectory, conn: SimConnection, req: MitelMessage): void {
  const records = Array.isArray(req.subscribe) ? req.subscribe : Array.isArray(req.unsubscribe) ? req.unsubscribe : undefined;
  const rejected: string[] = [];
  let removed = 0;
  for (const record of records ?? []) {
    const verdict = validateRecord(record, entities);
    if (verdict.ok) {
      conn.subscriptions.remove(verdict.type, verdict.entities);
      removed++;
    } else {
      rejected.push(verdict.reason);
    }
  }
  if (!records || records.length === 0) rejected.push('no "subscribe" / "unsubscribe" list of subscription records');
  const result = removed === 0 ? -1 : rejected.length > 0 ? 1 : 0;
  const answer: MitelMessage = { message: REQUEST.unsubscribe, 'request-id': requestIdOf(req), result };
  if (result > 0) answer['additional-info'] = `rejected: ${rejected.join('; ')}`;
  if (result < 0) answer['error-msg'] = rejected.join('; ');
  conn.send(answer, { timestamp: true });
}

