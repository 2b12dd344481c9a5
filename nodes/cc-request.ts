import type { NodeAPI, RedNode } from './lib/red';
import { setupRequestNode, type RequestNodeDef } from './lib/request-node-setup';

/** Any other request by operation name (entity lists, admin queries, routing, callback, web collaboration, open media...). The vendor's table validates the parameters before anything is sent. */
export = function register(RED: NodeAPI): void {
  function CcRequest(this: RedNode, config: RequestNodeDef): void {
    RED.nodes.createNode(this, config);
    setupRequestNode(RED, this, config, 'operation', 'request');
  }
  RED.nodes.registerType('cc-request', CcRequest as unknown as (this: RedNode, config: never) => void);
};
