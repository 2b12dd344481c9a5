/**
 * A gateway over the Mitel simulator for the MQTT tests (library level, no Node-RED): the simulator,
 * its driver, an MqttGateway on the given broker, what the gateway logs and the warnings it emits.
 */
import type { ContactCenterDriver, DriverFactory } from '../../../src/core/driver';
import type { CcWarning } from '../../../src/core/types';
import { mitelVendor } from '../../../src/mitel/vendor';
import { MqttGateway, type GatewayOptions } from '../../../src/mqtt/gateway';
import { brokerSettings, treeSettings } from '../../../src/mqtt/settings';
import { MitelSimulator } from '../../../src/sim/mitel';

export interface GatewayRig {
  sim: MitelSimulator;
  factory: DriverFactory;
  driver: ContactCenterDriver;
  gateway: MqttGateway;
  /** The gateway's log lines (warn and error). */
  logged: string[];
  /** Its 'warning' events (MQTT_DROPPED...). */
  warnings: CcWarning[];
  stop(): Promise<void>;
}

/** `tree`: the cc-server's MQTT settings (mqttPrefix, mqttServerId...); `options` override the gateway's. */
export async function startGatewayRig(url: string, tree: Record<string, unknown>, options: Partial<GatewayOptions> = {}): Promise<GatewayRig> {
  const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo' });
  await sim.start();
  const factory = mitelVendor.open({ host: '127.0.0.1', port: sim.port, requestTimeout: 2 }, { user: 'demo', password: 'demo' }, { log: { warn: () => undefined, error: () => undefined } });
  const driver = factory.create();
  const logged: string[] = [];
  const warnings: CcWarning[] = [];
  const settings = { ...tree, mqttBroker: url };
  const gateway = new MqttGateway({
    broker: brokerSettings(settings, {}),
    tree: treeSettings(settings),
    serverName: 'main',
    gatewayId: 'gw-1',
    vendor: 'mitel',
    log: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    backoff: { initialMs: 100, maxMs: 500 },
    ...options,
  });
  gateway.on('warning', (w: CcWarning) => warnings.push(w));
  gateway.attach(driver);
  driver.start();
  gateway.start();
  return {
    sim,
    factory,
    driver,
    gateway,
    logged,
    warnings,
    async stop() {
      await gateway.stop();
      await driver.stop();
      await factory.close();
      await sim.stop();
    },
  };
}
