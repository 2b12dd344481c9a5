/**
 * Test helpers: plain node:http requests written the way the guide shows them (section 3.4), and a
 * webhook receiver. Nothing here imports the package's OpenScape client.
 */
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { OpenScapeSimulator, type OpenScapeSimulatorOptions } from '../../../src/sim/openscape';

export const CLIENT = 'client0';
export const TOKEN = 'a5e272bcfa964c6dea958b583da4e721703bb2a74bfff8533a5818ccaedd71669';

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export async function startSim(options: Partial<OpenScapeSimulatorOptions> = {}): Promise<OpenScapeSimulator> {
  const sim = new OpenScapeSimulator({ clientName: CLIENT, clientToken: TOKEN, ...options });
  await sim.start();
  return sim;
}

/** One REST SDK request; `path` is below /restsdk/webapi/ and is sent as given (already URL-encoded). */
export function call(sim: OpenScapeSimulator, method: 'GET' | 'POST', path: string, body?: unknown, token?: string, extra: https.RequestOptions = {}): Promise<Reply> {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const url = `${sim.baseUrl}/restsdk/webapi/${path}`;
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method,
        agent: false,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-cache',
          ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...(token !== undefined ? { Authorization: token } : {}),
        },
        ...extra,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

export interface Webhook {
  url: string;
  /** Every POSTed body, parsed. */
  events: Array<{ type: string; data: { realm: string; type: string; data: unknown } }>;
  /** Resolves with the first received event (past or future) that matches. */
  waitFor(predicate: (event: Webhook['events'][number]) => boolean): Promise<Webhook['events'][number]>;
  /** Answer status for the next POSTs (e.g. 500 to simulate a failing webhook). */
  status: number;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const waiters: Array<{ predicate: (event: Webhook['events'][number]) => boolean; resolve: (event: Webhook['events'][number]) => void }> = [];
  const hook: Webhook = {
    url: '',
    events: [],
    status: 200,
    waitFor(predicate) {
      const found = hook.events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Webhook['events'][number];
      hook.events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
      response.statusCode = hook.status;
      response.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  hook.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhook/osc`;
  return hook;
}

export async function register(sim: OpenScapeSimulator, webhookURL = 'http://127.0.0.1:9/unused', version?: 'V1' | 'V2'): Promise<string> {
  const reply = await call(sim, 'POST', 'main/registerApplication', {
    webhookURL,
    ...(version ? { webhookAPIVersion: version } : {}),
    application: { name: CLIENT, token: TOKEN, busUnitName: 'Default' },
  });
  if (reply.body.errorCode !== 'NO_ERROR') throw new Error(`register failed: ${JSON.stringify(reply.body)}`);
  return String(reply.body.sessionToken);
}

export async function registerAndLogon(sim: OpenScapeSimulator, webhookURL?: string, version?: 'V1' | 'V2'): Promise<string> {
  const token = await register(sim, webhookURL, version);
  const reply = await call(sim, 'POST', 'main/logon', { agentKey: 1, password: 'demo' }, token);
  if (reply.body.errorCode !== 'NO_ERROR') throw new Error(`logon failed: ${JSON.stringify(reply.body)}`);
  return token;
}
