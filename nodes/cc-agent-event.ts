import { setupTypedEventNode, type TypedEventDef } from './lib/typed-event-node';
import type { NodeAPI, RedNode } from './lib/red';

/** Agent state: the agent activity and presence events of the server. What is subscribed comes from the vendor's driver. */
export = function register(RED: NodeAPI): void {
  function CcAgentEvent(this: RedNode, config: TypedEventDef): void {
    RED.nodes.createNode(this, config);
    setupTypedEventNode(RED, this, config, 'agent');
  }
  RED.nodes.registerType('cc-agent-event', CcAgentEvent as unknown as (this: RedNode, config: never) => void);
};
