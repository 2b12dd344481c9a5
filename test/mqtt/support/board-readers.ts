/**
 * The board-state tests' MQTT side: readers that join the broker late and record every board
 * message they get, and a gateway cc-server for the flows (prefix `bst`, server id `main`).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { BoardStateEnvelope } from '../../../src/mqtt/board-state';

export const PREFIX = 'bst';
export const SERVER_ID = 'main';
export const ROOT = `${PREFIX}/${SERVER_ID}`;

export interface Received {
  topic: string;
  retain: boolean;
  /** undefined for an empty message (a clear). */
  body: BoardStateEnvelope | undefined;
  receivedAt: number;
}

export async function eventually(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An MQTT client that joins now and records every board message it gets. */
export async function reader(url: string): Promise<{ client: MqttClient; got: Received[] }> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  const got: Received[] = [];
  client.on('message', (topic, payload, packet) => {
    const body = payload.length ? (JSON.parse(payload.toString()) as BoardStateEnvelope) : undefined;
    got.push({ topic, retain: packet.retain, body, receivedAt: Date.now() });
  });
  await client.subscribeAsync([`${ROOT}/state/board/+/agents`, `${ROOT}/state/board/+/queues`], { qos: 1 });
  return { client, got };
}

/** `join()`: a reader on the broker `url()` names now, ended with the others in `clients`. */
export function joiner(url: () => string, clients: MqttClient[]): () => Promise<Received[]> {
  return async () => {
    const r = await reader(url());
    clients.push(r.client);
    return r.got;
  };
}

/**
 * Until a live reader has both tables and nothing new for `quietMs` (a board settles after its
 * snapshot: the complete snapshot, then the statistics' first answers, one interval apart).
 */
export async function settled(got: Received[], quietMs = 1500, ms = 15000): Promise<void> {
  const last = (): number => got[got.length - 1]?.receivedAt ?? Infinity;
  await eventually(() => !!lastOf(got, 'agents') && !!lastOf(got, 'queues') && Date.now() - last() >= quietMs, 'the board settled', ms);
}

export const lastOf = (got: Received[], table: string): Received | undefined => [...got].reverse().find((r) => r.topic.endsWith(`/${table}`));

/**
 * After a broker restart the retained tables are back only once the gateway has reconnected:
 * readers join (`join`) until one gets both tables retained within a second; what it got.
 */
export async function joinUntilRetained(join: () => Promise<Received[]>, ms = 10000): Promise<Received[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await join();
    const both = await eventually(() => !!lastOf(got, 'agents')?.retain && !!lastOf(got, 'queues')?.retain, 'tables', 1000).then(
      () => true,
      () => false,
    );
    if (both) return got;
    if (Date.now() > deadline) throw new Error(`no tables retained after the restart: ${JSON.stringify(got.map((r) => r.topic))}`);
  }
}

export function gatewayServer(id: string, brokerUrl: string, simPort: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    type: 'cc-server',
    name: `sim ${id}`,
    protocol: 'mitel',
    host: '127.0.0.1',
    port: simPort,
    requestTimeout: 3,
    connection: 'gateway',
    mqttBroker: brokerUrl,
    mqttPrefix: PREFIX,
    mqttServerId: SERVER_ID,
    mqttVersion: 'auto',
    mqttQos: '1',
    ...extra,
  };
}
