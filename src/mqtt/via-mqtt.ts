/**
 * A vendor seen through an MQTT broker: everything the nodes know of the remote vendor (catalog,
 * operations, records, board) stays the remote vendor's, so every editor table and palette node
 * works unchanged; only the connection is different: `open` makes consumer drivers
 * (consumer-driver.ts), "Test connection" checks the broker and the gateway.
 */
import type { DriverFactory, ServerCredentials, ServerSettings, VendorDefinition } from '../core/driver';
import { MqttConsumerDriver } from './consumer-driver';
import { probeConsumer } from './probe';
import { brokerSettings, requestTimeoutMs, treeSettings } from './settings';

function describe(settings: ServerSettings): string {
  return `${String(settings.mqttBroker ?? '')} ${String(settings.mqttServerId ?? '')}`.trim();
}

export function viaMqtt(remote: VendorDefinition, idBase = 'cc'): VendorDefinition {
  return {
    ...remote,
    title: `${remote.title} (via MQTT)`,
    describe,
    target: describe,
    targetWords: 'broker URL and server id',
    open(settings: ServerSettings, credentials: ServerCredentials): DriverFactory {
      // Checked now, so that unusable settings are reported when the server is deployed.
      const broker = brokerSettings(settings, credentials);
      const tree = treeSettings(settings);
      const timeoutMs = requestTimeoutMs(settings);
      // The cc-server's node id names its consumers on the broker (for ACLs and for people reading it).
      const base = typeof settings.id === 'string' && /^[\w.-]{1,40}$/.test(settings.id) ? settings.id : idBase;
      return {
        create: () => new MqttConsumerDriver({ broker, tree, vendor: remote.vendor, requestTimeoutMs: timeoutMs, idBase: base }),
        close: async () => undefined,
      };
    },
    probe: probeConsumer,
  };
}
