import type { NodeAPI, RedNode } from './lib/red';
import { setupRequestNode, type RequestNodeDef } from './lib/request-node-setup';

/** Agent commands (log in and out, release and resume, wrap-up, presence and per-media logon/logoff), as the vendor offers them. */
export = function register(RED: NodeAPI): void {
  function CcAgentCommand(this: RedNode, config: RequestNodeDef): void {
    RED.nodes.createNode(this, config);
    setupRequestNode(RED, this, config, 'command', 'agent-command');
  }
  RED.nodes.registerType('cc-agent-command', CcAgentCommand as unknown as (this: RedNode, config: never) => void);
};
