import type { TypedFamily } from '../../src/core/driver';
import type { EventFilter } from '../../src/core/event-index';
import { forwardEvents } from './event-node';
import { NodeBase } from './node-base';
import { splitList } from './params';
import type { NodeAPI, NodeDef, RedNode } from './red';

export interface TypedEventDef extends NodeDef {
  server: string;
  /** Subscribe for this node's events by itself (reference counted in the server). */
  autoSubscribe?: boolean;
  /** Entity filter: `kind:id` or bare ids (agent ids, extensions, groups...); `*` = all. */
  entities?: string;
  /** Only these event types (empty or `*`: all of the family). */
  types?: string;
  /** Add `msg.names` with the names of the numeric codes (where the vendor has code tables). */
  addNames?: boolean;
  /** cc-entity-event: entity kinds to subscribe for (where the vendor subscribes per kind). */
  kinds?: string;
}

/**
 * The constructor body shared by cc-agent-event, cc-contact-event and cc-entity-event: route the
 * events of one family through the filter, and subscribe for what the vendor says the family needs.
 */
export function setupTypedEventNode(RED: NodeAPI, node: RedNode, config: TypedEventDef, family: TypedFamily): void {
  const base = new NodeBase(RED, node, config.server, true);
  const server = base.server;
  if (!server) return;
  const entities = splitList(config.entities);
  const filter: EventFilter = { families: [family], types: splitList(config.types), keys: entities };
  const vendor = server.vendor;
  const addNames = config.addNames === true && vendor.describeCodes !== undefined;
  forwardEvents(base, filter, addNames ? (msg, event) => (msg.names = vendor.describeCodes?.(event.payload)) : undefined);
  if (config.autoSubscribe !== false) {
    base.setSubscriptions(server.vendor.familySubscriptions(family, { entities, kinds: splitList(config.kinds) }));
  }
}
