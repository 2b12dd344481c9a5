import { randomBytes } from 'crypto';
import type { ServerCredentials, ServerSettings } from '../../src/core/driver';
import { BoardKeys, type StatePublisher } from '../../src/mqtt/board-state';
import { createLeaderLock, failoverEnabled, takeoverMs } from '../../src/mqtt/failover';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, eventMessages, treeSettings } from '../../src/mqtt/settings';
import { TopicTree } from '../../src/mqtt/topics';
import type { Translate } from './i18n';
import type { NodeStatus } from './red';
import type { ServerConnection, ServerLog, StandbyView } from './server-connection';
import { gatewayStatus } from './status';
import { createWarningLog } from './warning-log';

/** The gateway's own use of the connection: it keeps the driver running with no palette node deployed. */
export const GATEWAY_OWNER = 'mqtt-gateway';

/** The running gateway of a connection, for the nodes that publish retained state beside it. */
const gateways = new WeakMap<ServerConnection, StatePublisher>();
const boardKeys = new WeakMap<ServerConnection, BoardKeys>();

/** The gateway publishing this connection, if it is a deployed gateway (else undefined). */
export function gatewayOf(connection: ServerConnection): StatePublisher | undefined {
  return gateways.get(connection);
}

/** The board names in use on this connection (a second board of one name publishes under its node id). */
export function boardKeysOf(connection: ServerConnection): BoardKeys {
  let keys = boardKeys.get(connection);
  if (!keys) boardKeys.set(connection, (keys = new BoardKeys()));
  return keys;
}

/**
 * A cc-server in "direct + publish to MQTT" mode: the ServerConnection works as for a direct server
 * (its own palette nodes included), and the gateway publishes what its driver receives and runs the
 * consumers' requests on it. With standby gateways the connection runs only while this gateway holds
 * the leader lock; meanwhile the connection is standby, naming the leader the lock knows of, and the
 * cc-server's own status (`onStatus`) says so too. Returns the gateway's stop (final).
 */
export function startGateway(
  connection: ServerConnection,
  settings: ServerSettings,
  credentials: ServerCredentials,
  ids: { nodeId: string; serverName: string },
  log: ServerLog,
  onStatus: (status: NodeStatus) => void,
  _: Translate,
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
  const standby = (): StandbyView | undefined => {
    if (gateway.role === 'leader') return undefined;
    // Its own claim while it settles (or a ghost of an earlier run): no other gateway leads.
    const holder = lock?.holder;
    return { leader: holder === gatewayId ? undefined : holder };
  };
  const showStatus = (): void => onStatus(gatewayStatus(gateway.brokerState, standby(), _));
  const onClient = (driver: Parameters<MqttGateway['attach']>[0] | undefined): void => (driver ? gateway.attach(driver) : gateway.detach());
  // Role and holder: the lock says who leads, the gateway whether it is this one.
  const onRole = (): void => {
    connection.setStandby(standby());
    showStatus();
  };
  connection.on('client', onClient);
  gateway.on('role', onRole);
  lock?.on('holder', onRole);
  gateway.on('broker', showStatus);
  gateway.on('warning', createWarningLog((m) => log.warn(m)));
  // The cc-server's own status starts with the broker's first state (gateway.start below).
  connection.setStandby(standby());
  if (connection.currentClient) gateway.attach(connection.currentClient);
  connection.register(GATEWAY_OWNER);
  gateway.start();
  gateways.set(connection, gateway);
  return async () => {
    gateways.delete(connection);
    connection.off('client', onClient);
    gateway.off('role', onRole);
    gateway.off('broker', showStatus);
    lock?.off('holder', onRole);
    await gateway.stop();
  };
}
