import type { SubscriptionSpec } from '../../src/core/connection';
import type { EventFilter } from '../../src/core/event-index';
import type { EventFamily, Protocol } from '../../src/core/types';
import { describeCodes } from '../../src/mitel/names';
import { forwardEvents } from './event-node';
import { NodeBase } from './node-base';
import { splitList } from './params';
import type { NodeAPI, NodeDef, RedNode } from './red';

export interface TypedEventDef extends NodeDef {
  server: string;
  /** Subscribe for this node's events by itself (reference counted in the server). */
  autoSubscribe?: boolean;
  /** Entity filter: `kind:id` or bare ids (agent ids, extensions, groups...). */
  entities?: string;
  /** Only these event types (empty: all of the family). */
  types?: string;
  /** Mitel: add `msg.names` with the names of the numeric codes. */
  addNames?: boolean;
  /** cc-entity-event, Mitel: entity kinds of the `entity` subscription. */
  kinds?: string;
}

export interface TypedEventKind {
  family: EventFamily;
  /** What to subscribe for, per protocol, from the node's settings. */
  subscriptions(protocol: Protocol, config: TypedEventDef, entities: string[]): SubscriptionSpec[];
}

/** Ids of the entity filter of one kind (bare ids count for every kind). */
export function idsOfKind(entities: string[], kind: string): string[] {
  const out: string[] = [];
  for (const e of entities) {
    const colon = e.indexOf(':');
    if (colon < 0) out.push(e);
    else if (e.slice(0, colon) === kind) out.push(e.slice(colon + 1));
  }
  return out;
}

/** The constructor body shared by cc-agent-event, cc-contact-event and cc-entity-event. */
export function setupTypedEventNode(RED: NodeAPI, node: RedNode, config: TypedEventDef, kind: TypedEventKind): void {
  const base = new NodeBase(RED, node, config.server, true);
  const server = base.server;
  if (!server) return;
  const entities = splitList(config.entities);
  const filter: EventFilter = { families: [kind.family], types: splitList(config.types), keys: entities };
  const addNames = config.addNames === true && server.protocol === 'mitel';
  forwardEvents(base, filter, addNames ? (msg, event) => (msg.names = describeCodes(event.payload)) : undefined);
  if (config.autoSubscribe !== false) base.setSubscriptions(kind.subscriptions(server.protocol, config, entities));
}
