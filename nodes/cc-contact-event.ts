import { setupTypedEventNode, type TypedEventDef } from './lib/typed-event-node';
import type { NodeAPI, RedNode } from './lib/red';

/** Calls, chats, e-mails, callbacks: the contact events of the server. What is subscribed comes from the vendor's driver. */
export = function register(RED: NodeAPI): void {
  function CcContactEvent(this: RedNode, config: TypedEventDef): void {
    RED.nodes.createNode(this, config);
    setupTypedEventNode(RED, this, config, 'contact');
  }
  RED.nodes.registerType('cc-contact-event', CcContactEvent as unknown as (this: RedNode, config: never) => void);
};
