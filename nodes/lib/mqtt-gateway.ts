import { randomBytes } from 'crypto';
import type { ServerCredentials, ServerSettings } from '../../src/core/driver';
import { createLeaderLock, failoverEnabled, takeoverMs } from '../../src/mqtt/failover';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, eventMessages, treeSettings } from '../../src/mqtt/settings';
import { TopicTree } from '../../src/mqtt/topics';
import type { StateChange } from '../../src/core/types';
import type { ServerConnection, ServerLog } from './server-connection';
import { createWarningLog } from './warning-log';

/** The gateway's own use of the connection: it keeps the driver running with no palette node deployed. */
export const GATEWAY_OWNER = 'mqtt-gateway';

/**
 * A cc-server in "direct + publish to MQTT" mode: the ServerConnection works as for a direct server
 * (its own palette nodes included), and the gateway publishes what its driver receives and runs the
 * consumers' requests on it. With standby gateways the connection runs only while this gateway holds
 * the leader lock. Returns the gateway's stop (final).
 */
export function startGateway(
  connection: ServerConnection,
  settings: ServerSettings,
  credentials: ServerCredentials,
  ids: { nodeId: string; serverName: string },
  log: ServerLog,
  onBroker: (change: StateChange) => void,
): () => Promise<void> {
  const tree = treeSettings(settings);
  const gatewayId = `gw-${ids.nodeId}-${randomBytes(4).toString('hex')}`;
  const lock = createLeaderLock(
    failoverEnabled(settings) ? { topic: new TopicTree(tree.prefix, tree.serverId).lock, candidate: gatewayId, takeoverMs: takeoverMs(settings) } : undefined,
  );
  const gateway = new MqttGateway({
    broker: brokerSettings(settings, credentials),
    tree,
    serverName: ids.serverName,
    gatewayId,
    vendor: connection.vendor.vendor,
    eventMessages: eventMessages(settings),
    lock,
    log,
  });
  const onClient = (driver: Parameters<MqttGateway['attach']>[0] | undefined): void => (driver ? gateway.attach(driver) : gateway.detach());
  const onRole = (): void => connection.setStandby(gateway.role !== 'leader');
  connection.on('client', onClient);
  gateway.on('role', onRole);
  gateway.on('broker', onBroker);
  gateway.on('warning', createWarningLog((m) => log.warn(m)));
  onRole();
  if (connection.currentClient) gateway.attach(connection.currentClient);
  connection.register(GATEWAY_OWNER);
  gateway.start();
  return async () => {
    connection.off('client', onClient);
    gateway.off('role', onRole);
    await gateway.stop();
  };
}
