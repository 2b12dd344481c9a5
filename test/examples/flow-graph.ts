import type { FlowNode } from '../browser/support/admin-api';

/** Ids of every node reachable downstream from `from` through wires (not including `from`). */
export function downstream(flow: FlowNode[], from: string): Set<string> {
  const byId = new Map(flow.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length) {
    const id = queue.shift()!;
    for (const out of byId.get(id)?.wires ?? []) {
      for (const next of out) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return seen;
}

/** Event-emitting nodes of this package: they produce messages without an input. */
export const EVENT_SOURCE_TYPES = new Set(['cc-board', 'cc-event', 'cc-agent-event', 'cc-contact-event', 'cc-entity-event', 'cc-realtime', 'cc-subscribe']);

/** Sink nodes fed (directly or not) by a contact-center event node or by an inject/http-in the test fires. */
export function sinksFedBy(flow: FlowNode[], sourceIds: string[], sinkTypes: string[]): FlowNode[] {
  const reach = new Set<string>();
  for (const id of sourceIds) for (const r of downstream(flow, id)) reach.add(r);
  return flow.filter((n) => sinkTypes.includes(n.type) && reach.has(n.id));
}
