import type { NodeAPI, RedNode } from './red';
import type { ServerConnection } from './server-connection';

/** A deployed cc-server node as the palette nodes see it. */
export interface CcServerNode extends RedNode {
  connection: ServerConnection;
}

/** Every live server connection by cc-server node id (for admin routes and tests). */
export const connections = new Map<string, ServerConnection>();

/** The connection of the cc-server a node points at, or undefined when none is deployed. */
export function findServer(RED: NodeAPI, serverId: string | undefined): ServerConnection | undefined {
  if (!serverId) return undefined;
  const node = RED.nodes.getNode(serverId) as CcServerNode | null;
  return node?.connection;
}
