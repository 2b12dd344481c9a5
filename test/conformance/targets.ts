/**
 * The two vendors as the driver conformance suite sees them: a simulator, the settings a cc-server
 * would hold for it, and the few stimuli the suite needs (an agent event, an unknown event, a
 * restart, the simulator's own count of live connections or registrations).
 * A third vendor joins the suite by adding a target here.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { DriverHost, ServerCredentials, ServerSettings, SubscriptionSpec, VendorDefinition } from '../../src/core/driver';
import { mitelVendor } from '../../src/mitel/vendor';
import { MqttGateway } from '../../src/mqtt/gateway';
import { brokerSettings, treeSettings, type EventMessages } from '../../src/mqtt/settings';
import { viaMqtt } from '../../src/mqtt/via-mqtt';
import type { ContactCenterDriver } from '../../src/core/driver';
import { startAedes, type AedesBroker } from '../helpers/brokers';
import { openscapeVendor } from '../../src/openscape/vendor';
import { MitelSimulator } from '../../src/sim/mitel';
import { OpenScapeSimulator } from '../../src/sim/openscape';

export interface ConformanceTarget {
  name: string;
  vendor: VendorDefinition;
  start(): Promise<void>;
  stop(): Promise<void>;
  settings(): ServerSettings;
  credentials(): ServerCredentials;
  /** Credentials the server refuses. */
  wrongCredentials(): ServerCredentials;
  host: DriverHost;
  /** Accepted by the server, brings agent events for every agent (`*`). */
  allAgents: SubscriptionSpec;
  /** Well formed, but refused by the server (an agent that does not exist). */
  refused: SubscriptionSpec;
  /** An agent of the simulator and the request that makes the server report an event for it. */
  agentId: string;
  agentRequest: { operation: string; params: Record<string, unknown> };
  /** Make the server send an event of a type no table knows. */
  emitUnknown(type: string): void;
  /** Connections (Mitel) or registrations (OpenScape) the simulator holds now. */
  live(): number;
  /** Requests the simulator has received so far (to see that none arrive after stop). */
  requestCount(): number;
  /** The server goes away and comes back (connections dropped / sessions forgotten). */
  restart(): Promise<void>;
  /** Settings of a statistics query of the simulator (for parseStatisticsQuery). */
  statistics: Record<string, unknown>;
  /** A statistics query the simulator refuses or the vendor's rules refuse before sending. */
  badStatistics: Record<string, unknown>;
}

const quietLog = { warn: () => undefined, error: () => undefined };

export function mitelTarget(): ConformanceTarget {
  const sim = new MitelSimulator({ port: 0, user: 'demo', password: 'demo', statsIntervalMs: 100 });
  return {
    name: 'mitel',
    vendor: mitelVendor,
    start: async () => void (await sim.start()),
    stop: () => sim.stop(),
    settings: () => ({ host: '127.0.0.1', port: sim.port, requestTimeout: 2 }),
    credentials: () => ({ user: 'demo', password: 'demo' }),
    wrongCredentials: () => ({ user: 'demo', password: 'wrong' }),
    host: { log: quietLog },
    allAgents: { type: 'agent-activity', entities: ['*'] },
    refused: { type: 'agent-activity', entities: ['999999'] },
    agentId: '1001',
    agentRequest: { operation: 'command.login', params: { 'agent-id': 1001 } },
    emitUnknown: (type) => sim.emitEvent({ message: type, 'agent-id': 1001 }),
    live: () => sim.clientCount(),
    requestCount: () => sim.requests.length,
    restart: () => sim.restart(50),
    statistics: { statType: 'group-stats', entities: '*' },
    badStatistics: { statType: 'group-stats', entities: '999999' },
  };
}

/**
 * OpenScape posts events to a webhook: the host's HTTP server here is a plain node:http server on
 * 127.0.0.1 that serves what the driver mounts, as Node-RED's httpNode does.
 */
export function openscapeTarget(): ConformanceTarget {
  const sim = new OpenScapeSimulator({ port: 0, clientName: 'demo', clientToken: 'demo', realtimeIntervalMs: 100 });
  const routes = new Map<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>();
  const web = http.createServer((req, res) => {
    const handler = routes.get((req.url ?? '').split('?')[0]);
    if (handler) handler(req, res);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  let webPort = 0;
  const host: DriverHost = {
    log: quietLog,
    http: {
      root: '/',
      mount(path, handler) {
        routes.set(path, handler);
        return () => void routes.delete(path);
      },
    },
  };
  return {
    name: 'openscape',
    vendor: openscapeVendor,
    async start() {
      await sim.start();
      await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
      webPort = (web.address() as AddressInfo).port;
    },
    async stop() {
      await sim.stop();
      web.closeAllConnections?.();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
    settings: () => ({
      baseUrl: sim.baseUrl,
      clientName: 'demo',
      agentKey: '1',
      webhookBaseUrl: `http://127.0.0.1:${webPort}`,
      webhookMode: 'httpNode',
      requestTimeout: 2,
      // A restart of the server is noticed at the next KeepAlive (the guide has no other signal).
      keepAlive: 1,
    }),
    credentials: () => ({ clientToken: 'demo', agentPassword: 'demo' }),
    wrongCredentials: () => ({ clientToken: 'wrong', agentPassword: 'demo' }),
    host,
    allAgents: { type: 'PRESENCE', entities: ['*'] },
    refused: { type: 'PRESENCE', entities: ['999999'] },
    agentId: '1',
    // A media logon is an agent event of its own (USER_MEDIA_STATE), and needs nothing before it.
    agentRequest: { operation: 'telephony.Logon', params: { agentKey: 1, extension: sim.directory.users[0].extension } },
    emitUnknown: (type) => sim.postEvent('PRESENCE', type, { agentKey: 1 }),
    live: () => sim.listens().length,
    requestCount: () => sim.requests.length,
    restart: async () => {
      // A server restart forgets every session: the driver must register again and restore.
      await sim.setDown(true, { dropSessions: true });
      await sim.setDown(false);
    },
    statistics: { queryType: 'QUEUE_REALTIME', keyList: '1' },
    badStatistics: { queryType: 'QUEUE_REALTIME', keyList: 'all' },
  };
}

/**
 * The MQTT consumer (src/mqtt/consumer-driver.ts) as a driver of its own: a gateway over the Mitel
 * simulator publishes to a real broker (aedes, MQTT 3.1.1, with a user and password), and the
 * driver under test is the consumer. "Live" connections are the consumers the broker holds (all
 * its clients but the gateway), requests those published on the request topics. The gateway's
 * event messages are `each` (one per event) or `batched` (a target each: the consumer reads both).
 */
export function mqttConsumerTarget(eventMessages: EventMessages = 'each'): ConformanceTarget {
  const mitel = mitelTarget();
  let broker: AedesBroker | undefined;
  let gatewayDriver: ContactCenterDriver | undefined;
  let gateway: MqttGateway | undefined;
  let requests = 0;
  const tree = { mqttPrefix: 'cc-test', mqttServerId: 'sim/1', requestTimeout: 2 };
  const credentials = { mqttUser: 'demo', mqttPassword: 'demo' };
  return {
    ...mitel,
    name: `mqtt consumer (gateway over mitel, aedes, event messages ${eventMessages})`,
    vendor: viaMqtt(mitelVendor),
    async start() {
      await mitel.start();
      broker = await startAedes({ username: 'demo', password: 'demo' });
      broker.broker.on('publish', (packet) => {
        if (packet.topic.includes('/request/')) requests++;
      });
      const settings = { ...mitel.settings(), ...tree, mqttBroker: broker.url };
      gatewayDriver = mitelVendor.open(mitel.settings(), mitel.credentials(), { log: quietLog }).create();
      gateway = new MqttGateway({
        broker: brokerSettings(settings, credentials),
        tree: treeSettings(settings),
        serverName: 'sim',
        gatewayId: 'gw-test',
        vendor: 'mitel',
        eventMessages,
        log: quietLog,
      });
      gateway.attach(gatewayDriver);
      gatewayDriver.start();
      gateway.start();
    },
    async stop() {
      await gateway?.stop();
      await gatewayDriver?.stop();
      await broker?.stop();
      await mitel.stop();
    },
    settings: () => ({ ...tree, connection: 'consumer', mqttBroker: broker?.url ?? '' }),
    credentials: () => credentials,
    wrongCredentials: () => ({ mqttUser: 'demo', mqttPassword: 'wrong' }),
    live: () => Math.max(0, (broker?.broker.connectedClients ?? 1) - 1),
    requestCount: () => requests,
  };
}

export const TARGETS: Array<() => ConformanceTarget> = [mitelTarget, openscapeTarget, () => mqttConsumerTarget('each'), () => mqttConsumerTarget('batched')];
