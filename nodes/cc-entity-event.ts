import { setupTypedEventNode, type TypedEventDef } from './lib/typed-event-node';
import type { NodeAPI, RedNode } from './lib/red';

/** Configuration: entity snapshots and updates, administration events. What is subscribed comes from the vendor's driver. */
export = function register(RED: NodeAPI): void {
  function CcEntityEvent(this: RedNode, config: TypedEventDef): void {
    RED.nodes.createNode(this, config);
    setupTypedEventNode(RED, this, config, 'entity');
  }
  RED.nodes.registerType('cc-entity-event', CcEntityEvent as unknown as (this: RedNode, config: never) => void);
};
