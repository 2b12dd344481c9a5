import type { OperationRole } from '../../src/core/driver';
import { NodeBase } from './node-base';
import { resolveRequest, type ParamSetting } from './params';
import type { NodeAPI, NodeDef, RedNode } from './red';
import { handleRequests } from './request-node';

export interface RequestNodeDef extends NodeDef {
  server: string;
  /** The operation, or `msg` to take it from msg.payload.<operationField>. */
  operation?: string;
  /** `node`: the parameter list below; `msg`: the object in msg.payload. */
  paramsFrom?: 'node' | 'msg';
  params?: ParamSetting[];
}

/**
 * The constructor body of cc-agent-command, cc-telephony and cc-request: they differ only in the
 * field that names the operation in msg.payload and in their role (which operations they offer).
 */
export function setupRequestNode(
  RED: NodeAPI,
  node: RedNode,
  config: RequestNodeDef,
  operationField: string,
  role: OperationRole,
): void {
  const base = new NodeBase(RED, node, config.server, false);
  handleRequests(base, (msg) => {
    const server = base.server;
    if (!server) throw new Error(base._('common.errors.no-server'));
    const resolved = resolveRequest(
      RED,
      node,
      msg,
      { operation: config.operation ?? '', paramsFrom: config.paramsFrom ?? 'node', params: config.params ?? [], operationField },
      {
        noOperation: (field) => base._('common.errors.no-operation', { field }),
        badPayload: (what) => base._('common.errors.bad-payload', { what }),
      },
    );
    // The vendor's table decides which operations this node offers (BAD_PARAMS naming them if not).
    return { operation: server.vendor.resolveOperation(role, resolved.operation), params: resolved.params };
  });
}
