import { OpenScapeClient, startDedicatedWebhookServer, generateWebhookToken } from '../../../src/openscape';
import type { DedicatedWebhookServer, OpenScapeClientOptions } from '../../../src/openscape';
import type { StateChange } from '../../../src/core/types';
import { waitFor } from './wait';

export interface Rig {
  client: OpenScapeClient;
  receiver: DedicatedWebhookServer;
  close(): Promise<void>;
}

/** A client and a webhook receiver on ephemeral ports, wired together as the cc-server node does. */
export async function rig(baseUrl: string, options: Partial<OpenScapeClientOptions> = {}): Promise<Rig> {
  let client: OpenScapeClient | undefined;
  const receiver = await startDedicatedWebhookServer({
    host: '127.0.0.1',
    port: 0,
    token: generateWebhookToken(),
    onBody: (b) => client?.handleWebhookBody(b),
  });
  client = new OpenScapeClient({
    baseUrl,
    clientName: 'demo',
    clientToken: 'demo',
    agentKey: 3,
    agentPassword: 'p',
    webhookUrl: receiver.url,
    requestTimeoutMs: 2000,
    backoff: { initialMs: 20, maxMs: 200 },
    ...options,
  });
  const c = client;
  return {
    client: c,
    receiver,
    async close() {
      await c.stop();
      await receiver.close();
    },
  };
}

export function untilState(client: OpenScapeClient, state: StateChange['state'], timeoutMs = 4000): Promise<StateChange> {
  if (client.state === state) return Promise.resolve(client.lastState);
  return waitFor<StateChange>(client, 'state', (s) => s.state === state, timeoutMs);
}
