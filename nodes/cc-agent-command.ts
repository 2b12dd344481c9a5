import { agentCommandOperation } from './lib/operations';
import type { NodeAPI, RedNode } from './lib/red';
import { setupRequestNode, type RequestNodeDef } from './lib/request-node-setup';

/** Agent commands: the nine Mitel commands; OpenScape presence commands and per-media logon/logoff. */
export = function register(RED: NodeAPI): void {
  function CcAgentCommand(this: RedNode, config: RequestNodeDef): void {
    RED.nodes.createNode(this, config);
    setupRequestNode(RED, this, config, 'command', agentCommandOperation);
  }
  RED.nodes.registerType('cc-agent-command', CcAgentCommand as unknown as (this: RedNode, config: never) => void);
};
