import { telephonyOperation } from './lib/operations';
import type { NodeAPI, RedNode } from './lib/red';
import { setupRequestNode, type RequestNodeDef } from './lib/request-node-setup';

/** Telephony requests: OpenScape telephony operations; on Mitel, answer and hangup only. */
export = function register(RED: NodeAPI): void {
  function CcTelephony(this: RedNode, config: RequestNodeDef): void {
    RED.nodes.createNode(this, config);
    setupRequestNode(RED, this, config, 'operation', telephonyOperation);
  }
  RED.nodes.registerType('cc-telephony', CcTelephony as unknown as (this: RedNode, config: never) => void);
};
