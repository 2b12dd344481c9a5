import type { NodeAPI, RedNode } from './lib/red';
import { setupRequestNode, type RequestNodeDef } from './lib/request-node-setup';

/** Telephony requests (dial, answer, hang up, transfer...) as the vendor offers them. */
export = function register(RED: NodeAPI): void {
  function CcTelephony(this: RedNode, config: RequestNodeDef): void {
    RED.nodes.createNode(this, config);
    setupRequestNode(RED, this, config, 'operation', 'telephony');
  }
  RED.nodes.registerType('cc-telephony', CcTelephony as unknown as (this: RedNode, config: never) => void);
};
